"""Delegate packs and badges: content, fonts and the PDF documents."""
