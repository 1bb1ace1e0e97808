"""The reviewer workspace: `streamlit run app.py` (settings from IMR_* environment variables)."""

from assistant.ui.app_main import main

main()
