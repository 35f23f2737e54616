"""The iWlz 2.2 XML adapter: official XSDs, IO31 in, retourberichten out (see README.md here)."""
