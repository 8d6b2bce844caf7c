"""Text shared by every stage: normalisation, patterns, numerals, the BM25 tokenizer, instruction-like text."""
