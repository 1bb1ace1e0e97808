"""Environment switches that keep third-party libraries from calling home."""

import os

_TELEMETRY_OFF = {
    "ORT_DISABLE_TELEMETRY": "1",
    "ANONYMIZED_TELEMETRY": "False",
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "DO_NOT_TRACK": "1",
    "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
}


def disable_telemetry() -> None:
    """Set the opt-out variables unless the user has set them already."""
    for name, value in _TELEMETRY_OFF.items():
        os.environ.setdefault(name, value)
