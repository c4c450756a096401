"""Charts stay readable at scale (issue 15 item 12): checked on the figures' data and layout."""

from __future__ import annotations

import pandas as pd

from charts.coverage import coverage_bars
from charts.dependency_map import LABELLED_NODES, dependency_figure
from charts.heatmap import inherent_residual_heatmaps
from risk_model.dependency_map import Edge, Node
from risk_model.risk_matrix import DEFAULT_MATRIX


def big_map(systems: int = 200, components: int = 250, providers: int = 50):
    nodes = [Node(f"S{i}", f"System {i}", "system") for i in range(systems)]
    nodes += [Node(f"C{i}", f"Component {i}", "component") for i in range(components)]
    nodes += [Node(f"P{i}", f"Provider {i}", "provider") for i in range(providers)]
    edges = [
        Edge(f"S{i}", f"C{(i * 7 + k) % components}", "integrates")
        for i in range(systems)
        for k in range(3)
    ]
    edges += [Edge(f"S{i}", f"P{i % providers}", "provided by") for i in range(systems)]
    return nodes, edges


def test_a_500_node_map_names_only_its_hubs_and_every_node_on_hover():
    nodes, edges = big_map()
    assert len(nodes) == 500
    figure = dependency_figure(nodes, edges)
    markers = [t for t in figure.data if t.mode == "markers+text"]
    labels = [text for t in markers for text in t.text if text]
    hovers = [text for t in markers for text in t.hovertext]
    assert len(labels) == LABELLED_NODES
    assert sorted(hovers) == sorted(n.label for n in nodes)
    degree = pd.Series([e.source for e in edges] + [e.target for e in edges]).value_counts()
    named = {n.id for n in nodes if n.label in labels}
    assert degree[list(named)].min() >= degree.drop(list(named)).max()  # the hubs are named
    assert "hover" in figure.layout.title.text


def test_a_small_map_names_every_node():
    nodes, edges = big_map(5, 6, 2)
    figure = dependency_figure(nodes, edges)
    labels = [text for t in figure.data if t.mode == "markers+text" for text in t.text if text]
    assert sorted(labels) == sorted(n.label for n in nodes)
    assert figure.layout.title.text is None


def test_coverage_value_labels_sit_upright_inside_their_own_bar():
    shares = pd.DataFrame(
        {
            "group": ["A.2", "A.3"],
            "label": ["A.2 Policies", "A.3 Internal organisation"],
            "controls": [3, 2],
            "applicable": [3, 2],
            "implemented": [2, 1],
            "with_evidence": [1, 0],
            "share_applicable": [1.0, 1.0],
            "share_implemented": [2 / 3, 0.5],
            "share_with_evidence": [1 / 3, 0.0],
        }
    )
    figure = coverage_bars(shares, "Annex A controls")
    for trace in figure.data:
        assert trace.textposition == "inside" and trace.textangle == -90
    assert list(figure.data[1].text) == ["2/3", "1/2"]
    assert figure.layout.uniformtext.mode == "hide"


def test_only_the_first_heatmap_carries_the_likelihood_title():
    figure = inherent_residual_heatmaps(DEFAULT_MATRIX, [], [], appetite_index=2)
    assert figure.layout.yaxis.title.text == DEFAULT_MATRIX.likelihood.name
    assert figure.layout.yaxis2.title.text is None
    assert figure.layout.xaxis.title.text == figure.layout.xaxis2.title.text
    # the second grid starts to the right of the first, leaving room for its level names
    assert figure.layout.xaxis2.domain[0] - figure.layout.xaxis.domain[1] >= 0.1
