"""Every meta.yaml under a store reads back, and PyYAML writes it back byte for byte as
MLflow's FileStore would (yaml.safe_dump, keys sorted, block style, unicode kept)."""
import pathlib
import sys

import yaml

store = pathlib.Path(sys.argv[1])
files = sorted(store.rglob("meta.yaml"))
if not files:
    sys.exit(f"{store}: no meta.yaml")
for path in files:
    text = path.read_text(encoding="utf-8")
    again = yaml.safe_dump(yaml.safe_load(text), default_flow_style=False, allow_unicode=True)
    if again != text:
        sys.exit(f"{path}: differs from what PyYAML writes:\n{text}\n---\n{again}")
print(f"{len(files)} meta.yaml files as PyYAML writes them")
