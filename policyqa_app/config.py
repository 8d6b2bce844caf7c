"""App settings: the `policyqa serve` options (each with an environment variable) in one validated object."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from qa.ingest.readers import DEFAULT_MAX_FILE_MB

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7860
DEFAULT_MAX_UPLOAD_MB = 20
DEFAULT_CONCURRENCY = 4
MAX_UPLOAD_MB_LIMIT = int(DEFAULT_MAX_FILE_MB)  # ingestion (at upload and at every later start) refuses larger files


@dataclass
class AppConfig:
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    share: bool = False
    admin_upload: bool = False  # the upload tab exists only when this is on
    feedback_log: Path = Path("index/feedback.jsonl")
    upload_dir: Path | None = None  # where accepted gazettes are stored (the corpus folder); None: no upload
    max_upload_mb: int = DEFAULT_MAX_UPLOAD_MB
    concurrency: int = DEFAULT_CONCURRENCY  # answers computed at the same time (chat + /ask share the limit)
    log_json: bool = False  # the per-request log line as a JSON object

    def __post_init__(self):
        if not isinstance(self.port, int) or not 1 <= self.port <= 65535:
            raise ValueError(f"port={self.port!r}; it must be an integer from 1 to 65535")
        if not 1 <= self.max_upload_mb <= MAX_UPLOAD_MB_LIMIT:
            raise ValueError(f"max_upload_mb={self.max_upload_mb}; it must be from 1 to {MAX_UPLOAD_MB_LIMIT} (ingestion "
                             f"refuses files over {MAX_UPLOAD_MB_LIMIT} MB); split a larger file into one file per issue")
        if self.concurrency < 1:
            raise ValueError(f"concurrency={self.concurrency}; it must be at least 1")
        if self.admin_upload and self.upload_dir is None:
            raise ValueError("admin_upload is on but no upload_dir is set; give the corpus folder to store uploads in")
        self.feedback_log = Path(self.feedback_log)

    @property
    def max_upload_bytes(self) -> int:
        return self.max_upload_mb * 1024 * 1024
