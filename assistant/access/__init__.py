"""Who may use the reviewer workspace: the users file, password hashes and sign-in."""
