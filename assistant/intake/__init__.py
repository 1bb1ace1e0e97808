"""Case intake: the records of a case (PDF bundles, text) read into documents, disputed items,
a page-linked case summary and the documents reviewed."""
