"""The differential fuzzer's parts (see `scripts/differential.py` and docs/differential.md).

- `client`: the two servers and one call to each;
- `symbols`: ids mapped to names both databases share, and the normalisation of answers;
- `generate`: seeded calls built from `fields_get` and real records' values;
- `compare`: differences, their kinds and minimal reproductions.
"""
