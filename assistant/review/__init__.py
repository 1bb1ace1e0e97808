"""The reviewer's saved work: cases, items, draft versions, audit trail, chat and export."""
