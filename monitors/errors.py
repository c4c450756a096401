"""The one exception monitors raise for data they cannot assess."""


class MonitorInputError(ValueError):
    """Input a monitor cannot assess (missing column, empty batch, all-NaN column, ...).

    The message names the column (and file, when known) so a user can fix the input.
    """
