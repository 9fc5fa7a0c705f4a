"""The screens of the reading app; each coordinates the widgets it shows."""
