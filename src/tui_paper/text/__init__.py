"""Chinese text handling: word segmentation (jieba, lazy) and line breaking; no UI imports."""
