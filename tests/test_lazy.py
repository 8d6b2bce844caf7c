"""Heavy packages are imported on first use, with an install hint; native OpenMP code is told how to wait."""

from __future__ import annotations

import json
import os

import pytest

from qa.errors import MissingDependencyError
from qa.lazy import OPENMP_SPIN, require, require_openmp


def test_a_missing_package_says_what_needs_it_and_how_to_install_it():
    with pytest.raises(MissingDependencyError, match=r"the dense index needs the no_such_pkg.sub package .*"
                                                      r"install it with: pip install faiss-cpu"):
        require("no_such_pkg.sub", "the dense index", "pip install faiss-cpu")


def test_openmp_threads_spin_briefly_before_sleeping_unless_the_user_chose(monkeypatch):
    monkeypatch.delenv("GOMP_SPINCOUNT", raising=False)
    assert require_openmp("json", "reading") is json
    assert os.environ["GOMP_SPINCOUNT"] == OPENMP_SPIN == "3000"
    monkeypatch.setenv("GOMP_SPINCOUNT", "0")
    require_openmp("json", "reading")
    assert os.environ["GOMP_SPINCOUNT"] == "0"
