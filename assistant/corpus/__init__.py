"""Reading, cutting and measuring the guideline and determination corpus."""
