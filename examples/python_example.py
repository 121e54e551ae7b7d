"""Co-Clone example: put the cursor after the docstring of sort_by_frequency and ask a model (--backend ollama) for its body."""
from collections import Counter


def count_words(text):
    """Return a Counter of the lower-cased words in text."""
    return Counter(word.lower() for word in text.split())


def sort_by_frequency(items):
    """Return the distinct items sorted by how often they occur, most frequent first."""
    
