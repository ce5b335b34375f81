"""Realistic Vietnamese administrative demo data: organisations, people and document vocabulary."""
