"""The standalone program's entry point (PyInstaller runs this file as __main__)."""
import sys

from timeline_app.cli import main

if __name__ == "__main__":
    sys.exit(main())
