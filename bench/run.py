"""`make bench`: every benchmark of the project, each printing JSON. Arguments are passed to bench/search.py."""

import runpy
import sys
from pathlib import Path

if __name__ == "__main__":
    sys.argv = [str(Path(__file__).with_name("search.py")), *sys.argv[1:]]
    runpy.run_path(sys.argv[0], run_name="__main__")
