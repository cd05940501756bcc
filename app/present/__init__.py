"""Qt-free presentation shared by the command line and the GUI: worked solutions as text and
tables (render), and what the Workbench shows for a script or a network (solve_model).

Both app.commands and app.ui import this package; it imports neither, nor Qt.
"""
