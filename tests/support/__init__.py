"""Builders of small, realistic test inputs (PDFs, text files, corpora), shared by the tests."""
