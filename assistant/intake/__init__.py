"""Case intake from the records: the documents of a case file, the items utilization review
decided, and a case summary whose every sentence names the pages it came from."""
