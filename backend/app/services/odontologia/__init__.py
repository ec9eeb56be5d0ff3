"""Dentistry (API.md "Dentistry"): FDI rules (fdi), the odontogram (odontograma), treatment plans (planes)."""
