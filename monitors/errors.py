"""The one exception monitors raise for data they cannot assess."""


class MonitorInputError(ValueError):
    """Input a monitor cannot assess (missing column, empty batch, all-NaN column, ...).

    The message names the column (and file, when known) so a user can fix the input.
    """


def refuse_bad_counts(
    row: tuple, numeric: list[str], names: list[str], role: str, label: str
) -> int:
    """The row count of a batch whose engine counted, in one pass, its rows, then the infinite
    values of each numeric column, then the missing values of each column in ``names`` (when
    missing values are refused); a count above zero is refused with the column's name."""
    for name, infinite in zip(numeric, row[1 : 1 + len(numeric)], strict=True):
        if infinite:
            raise MonitorInputError(
                f"column '{name}' has {infinite} infinite values (inf) in {role} data ({label})"
            )
    for name, absent in zip(names, row[1 + len(numeric) :], strict=False):
        if absent:
            raise MonitorInputError(
                f"column '{name}' has {absent} missing values (NaN) in {role} data ({label})"
            )
    if row[0] == 0:
        raise MonitorInputError(f"{role} data is empty (0 rows): {label}")
    return int(row[0])
