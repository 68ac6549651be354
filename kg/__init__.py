"""Knowledge graph of Chinese local-government documents."""
__version__ = "0.1.0"
