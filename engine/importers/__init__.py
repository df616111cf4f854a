"""Importers: JSON Lines records, INTERPOL notice JSON and the OFAC SDN list, each streaming records and row problems."""
