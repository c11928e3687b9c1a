"""Dashboard widgets and views; notebooks in ``notebooks/`` only import, configure and display these."""
