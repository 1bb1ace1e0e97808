"""IMR determination letters: the domain model and its text forms.

- `models`: the typed Letter / Item / GuidelineRef model every stage shares.
- `refs`: guideline lines ("Decision based on ...") parsed into refs and written in house style.
- `parser`: letter text (house format, PDF-extracted text, the older per-item style) to a Letter.
- `renderer`: a Letter back to house-format text.
- `pdf`, `reader`: reading .txt and .pdf files.
"""
