"""The generated parts of the pages, one module per page: each module's TABLES and NUMBERS, merged.

A table is a function returning markdown; a number is a function returning the text that stands in the
sentence. Both read committed JSON only (results/, checkpoints/*.json, bench/results.json).
"""
from blocks import bench, bias, blur, claims, digits, jepa, losses, planning, readme, samplers, sampling, tokens

TABLES, NUMBERS = {}, {}
for _page in (readme, blur, bias, claims, digits, samplers, sampling, tokens, losses, jepa, planning, bench):
    for _mine, _all in ((_page.TABLES, TABLES), (_page.NUMBERS, NUMBERS)):
        clash = set(_mine) & set(_all)
        if clash:
            raise ValueError(f"{_page.__name__} redefines {sorted(clash)}")
        _all.update(_mine)
