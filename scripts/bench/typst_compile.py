#!/usr/bin/env python3
"""Compiles a Typst file to PDF with the typst package from PyPI (one fresh process a run)."""
import sys
import typst
typst.compile(sys.argv[1], output=sys.argv[2], font_paths=sys.argv[3:])
