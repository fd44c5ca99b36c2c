"""The Qt-free core: timeline data, dates, YAML loading and checking. Never imports PySide6."""
