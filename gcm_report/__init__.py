"""gcm-report: data reports for the UN regional reviews of the Global Compact for Migration."""

__version__ = "0.1.0"
