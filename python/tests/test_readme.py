"""README.md's Python tour runs and prints what README shows."""
import os
import re
import subprocess
import sys

README = os.path.join(os.path.dirname(__file__), "..", "..", "README.md")


def test_the_readme_tour_prints_what_readme_shows(tmp_path):
    text = open(README, encoding="utf-8").read()
    section = text[text.index("\n## Python\n"):]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    console = re.search(r"```console\n\$ [^\n]*tour\.py\n(.*?)```", section, re.S).group(1)
    tour = tmp_path / "tour.py"
    tour.write_text(code)
    r = subprocess.run([sys.executable, str(tour)], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout == console
