"""The shared vocabularies every place starts with; places add their own on top."""

SHARED_THEMES = [
    "Food",
    "Mental health",
    "Loneliness",
    "Money and debt",
    "Housing",
    "Employment",
    "Young people",
    "Older people",
    "Domestic abuse",
    "Digital inclusion",
    "Physical health",
    "Advice and advocacy",
]
