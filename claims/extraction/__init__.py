"""Text → atomic claims. Pure Python on spaCy: no ORM, no Django settings
beyond the model name passed in."""
