"""OCR evaluation: PopEval, text metrics, benchmark ground-truth loaders."""
