import json

import pytest

from risk_model.risk_matrix import (
    DEFAULT_MATRIX,
    Appetite,
    RiskLevel,
    RiskMatrix,
    Scale,
    above_appetite,
    rescore,
    standard_matrix,
)

VL, L, M, H, VH = "Very low", "Low", "Medium", "High", "Very high"

# The default 5x5 matrix, written out. Rows: likelihood 1 (Rare) .. 5 (Almost certain);
# columns: severity 1 (Negligible) .. 5 (Catastrophic).
DEFAULT_TABLE = {
    1: [VL, VL, VL, L, L],
    2: [VL, L, L, M, M],
    3: [VL, L, M, H, H],
    4: [L, M, H, H, VH],
    5: [L, M, H, VH, VH],
}

# The documented banding rule on l * s, as inclusive ranges.
DEFAULT_BANDS = [(1, 3, VL), (4, 6, L), (8, 10, M), (12, 16, H), (20, 25, VH)]


def band_of(product: int) -> str:
    matches = [name for low, high, name in DEFAULT_BANDS if low <= product <= high]
    assert len(matches) == 1, f"product {product} is in {len(matches)} bands"
    return matches[0]


def test_default_table_follows_the_banding_rule():
    for lik, row in DEFAULT_TABLE.items():
        for sev, name in enumerate(row, start=1):
            assert band_of(lik * sev) == name, (lik, sev)


def test_default_matrix_matches_the_table_cell_by_cell():
    for lik, row in DEFAULT_TABLE.items():
        for sev, name in enumerate(row, start=1):
            assert DEFAULT_MATRIX.level(lik, sev).name == name, (lik, sev)
    assert [level.name for level in DEFAULT_MATRIX.levels] == [VL, L, M, H, VH]


def test_default_scales():
    assert DEFAULT_MATRIX.likelihood.levels == (
        "Rare",
        "Unlikely",
        "Possible",
        "Likely",
        "Almost certain",
    )
    assert DEFAULT_MATRIX.severity.levels == (
        "Negligible",
        "Minor",
        "Moderate",
        "Major",
        "Catastrophic",
    )
    assert DEFAULT_MATRIX.likelihood.label(1) == "Rare"
    assert DEFAULT_MATRIX.severity.label(5) == "Catastrophic"
    assert DEFAULT_MATRIX.severity.size == 5


@pytest.mark.parametrize("bad", [0, 6, -1, True, 2.0, "3"])
def test_scale_rejects_values_off_the_scale(bad):
    with pytest.raises(ValueError, match="Likelihood"):
        DEFAULT_MATRIX.likelihood.label(bad)
    with pytest.raises(ValueError):
        DEFAULT_MATRIX.level(bad, 1)


def test_cells_cover_the_grid_in_order():
    cells = list(DEFAULT_MATRIX.cells())
    assert [(lik, sev) for lik, sev, _ in cells] == [
        (lik, sev) for lik in range(1, 6) for sev in range(1, 6)
    ]
    assert all(level.name == DEFAULT_TABLE[lik][sev - 1] for lik, sev, level in cells)


def test_level_colours_are_distinct_hex_colours():
    colours = [level.colour for level in DEFAULT_MATRIX.levels]
    assert len(set(colours)) == len(colours)
    for colour in colours:
        assert colour.startswith("#") and len(colour) == 7
        int(colour[1:], 16)


GREEN, AMBER, RED = (
    RiskLevel("Green", "#00aa00"),
    RiskLevel("Amber", "#ffbf00"),
    RiskLevel("Red", "#cc0000"),
)
CUSTOM_4X4_GRID = (
    (0, 0, 1, 1),
    (0, 1, 1, 2),
    (1, 1, 2, 2),
    (1, 2, 2, 2),
)


def custom_4x4() -> RiskMatrix:
    return RiskMatrix(
        likelihood=Scale("Probability", ("Improbable", "Remote", "Occasional", "Frequent")),
        severity=Scale("Impact", ("Minor", "Serious", "Critical", "Catastrophic")),
        levels=(GREEN, AMBER, RED),
        grid=CUSTOM_4X4_GRID,
    )


def test_custom_4x4_matrix():
    matrix = custom_4x4()
    names = ["Green", "Amber", "Red"]
    for lik in range(1, 5):
        for sev in range(1, 5):
            assert matrix.level(lik, sev).name == names[CUSTOM_4X4_GRID[lik - 1][sev - 1]]
    assert matrix.level(4, 2) == RED
    assert matrix.level_index(1, 3) == 1
    assert matrix.is_monotone()
    assert len(list(matrix.cells())) == 16
    with pytest.raises(ValueError):
        matrix.level(5, 1)
    assert matrix.level_index_by_name("Amber") == 1


def test_standard_matrices():
    assert standard_matrix(5) is DEFAULT_MATRIX
    three = standard_matrix(3)
    assert three.likelihood.levels == three.severity.levels == ("Low", "Medium", "High")
    # 3x3 bands on l * s: 1-2 Low, 3-4 Medium, 6-9 High.
    assert [[three.level(lik, sev).name for sev in (1, 2, 3)] for lik in (1, 2, 3)] == [
        ["Low", "Low", "Medium"],
        ["Low", "Medium", "High"],
        ["Medium", "High", "High"],
    ]
    four = standard_matrix(4)
    # 4x4 bands on l * s: 1-2 Low, 3-4 Medium, 6-9 High, 12-16 Very high.
    assert [[four.level(lik, sev).name for sev in range(1, 5)] for lik in range(1, 5)] == [
        ["Low", "Low", "Medium", "Medium"],
        ["Low", "Medium", "High", "High"],
        ["Medium", "High", "High", "Very high"],
        ["Medium", "High", "Very high", "Very high"],
    ]
    for size in (3, 4, 5):
        matrix = standard_matrix(size)
        assert matrix.likelihood.size == matrix.severity.size == size
        assert matrix.is_monotone()
    with pytest.raises(ValueError):
        standard_matrix(6)


def test_monotonicity_detects_a_decrease():
    assert DEFAULT_MATRIX.is_monotone()
    down_in_likelihood = RiskMatrix(
        Scale("L", ("a", "b")), Scale("S", ("x", "y")), (GREEN, RED), ((0, 1), (0, 0))
    )
    assert not down_in_likelihood.is_monotone()
    down_in_severity = RiskMatrix(
        Scale("L", ("a", "b")), Scale("S", ("x", "y")), (GREEN, RED), ((1, 0), (1, 1))
    )
    assert not down_in_severity.is_monotone()


@pytest.mark.parametrize(
    ("grid", "message"),
    [
        (((0, 0), (0, 0)), "grid has 2 rows"),
        (((0, 0, 0),) * 3, "has 3 cells"),
        (((0, 1), (1, 3), (1, 2)), r"refers to level 3"),
        (((0, 1), (1, -1), (1, 2)), r"refers to level -1"),
        (((0, 1), (1, 1.0), (1, 2)), "not an integer"),
    ],
)
def test_invalid_grids_are_rejected(grid, message):
    with pytest.raises(ValueError, match=message):
        RiskMatrix(Scale("L", ("a", "b", "c")), Scale("S", ("x", "y")), (GREEN, AMBER, RED), grid)


def test_invalid_levels_and_scales_are_rejected():
    with pytest.raises(ValueError, match="duplicate risk level"):
        RiskMatrix(Scale("L", ("a", "b")), Scale("S", ("x", "y")), (GREEN, GREEN), ((0, 0),) * 2)
    with pytest.raises(ValueError, match="duplicate level names"):
        RiskMatrix(Scale("L", ("a", "a")), Scale("S", ("x", "y")), (GREEN,), ((0, 0),) * 2)
    with pytest.raises(ValueError, match="at least one"):
        RiskMatrix(Scale("L", ("a", "b")), Scale("S", ("x", "y")), (), ((0, 0),) * 2)


@pytest.mark.parametrize("matrix", [DEFAULT_MATRIX, standard_matrix(3), custom_4x4()])
def test_round_trip_through_json(matrix):
    restored = RiskMatrix.from_dict(json.loads(json.dumps(matrix.to_dict())))
    assert restored == matrix
    assert restored.grid == matrix.grid


def test_from_dict_rejects_bad_data():
    data = DEFAULT_MATRIX.to_dict()
    del data["grid"]
    with pytest.raises(ValueError, match="not a risk matrix"):
        RiskMatrix.from_dict(data)
    data = DEFAULT_MATRIX.to_dict()
    data["grid"][2][2] = 9
    with pytest.raises(ValueError, match="refers to level 9"):
        RiskMatrix.from_dict(data)


def test_above_appetite_against_the_banding_rule():
    names = [VL, L, M, H, VH]
    for appetite in range(5):
        for lik in range(1, 6):
            for sev in range(1, 6):
                expected = names.index(band_of(lik * sev)) > appetite
                assert above_appetite(DEFAULT_MATRIX, appetite, lik, sev) is expected
                assert Appetite(appetite).is_exceeded(DEFAULT_MATRIX, lik, sev) is expected
    with pytest.raises(ValueError, match="appetite"):
        above_appetite(DEFAULT_MATRIX, 5, 1, 1)
    with pytest.raises(ValueError, match="appetite"):
        above_appetite(custom_4x4(), 3, 1, 1)


def test_rescore_with_a_changed_matrix():
    pairs = [(1, 1), (2, 3), (3, 3), (4, 4)]
    assert [lv.name for lv in rescore(DEFAULT_MATRIX, pairs)] == [VL, L, M, H]
    assert [lv.name for lv in rescore(custom_4x4(), pairs)] == ["Green", "Amber", "Red", "Red"]
    with pytest.raises(ValueError, match=r"\(5, 5\)"):
        rescore(custom_4x4(), [(1, 1), (5, 5)])
