r"""PyTorch's loss functions as PySpark columns.

``from losseval import functions as LF``, then use a loss like any aggregate of
``pyspark.sql.functions``::

    df.groupBy("model").agg(
        LF.cross_entropy("logits", "label", label_smoothing=0.1, weight=[1.0, 2.0, 0.5]).alias("ce"),
        LF.mse_loss("p", "t", reduction="sum").alias("sse"))
    df.select("idx", LF.row_huber_loss("p", "t", delta=0.5).alias("loss"))

Every loss of ``torch.nn.functional`` is here under its name, with PyTorch's argument order, keyword
names and defaults. Each comes in four forms:

- ``<loss>(args..., reduction="mean")``: the aggregate over a group's rows (``mean``, ``sum``, and
  ``batchmean`` for ``kl_div``); ``reduction="none"`` gives the per-row form instead;
- ``row_<loss>(args...)``: one row's loss, PyTorch's ``reduction='none'`` (a double, or an array shaped
  like PyTorch's per-sample output);
- ``<loss>_stats(args...)``: ``struct<value, rows, rows_skipped, skipped>``: the value with the rows
  used and the rows skipped for a null, by reason;
- ``<loss>_bootstrap(args..., replicates=200, seed=0, key=None)``: the stats with a 95% interval
  (``ci_lower``, ``ci_upper``) from a one-pass Poisson bootstrap and the replicates' values.

Beyond PyTorch: ``sample_weight`` (a numeric column: each row's losses and its share of the mean's
denominator are multiplied by it) and ``on_null`` (``"skip"``, the default, counts and skips a row with
a null; ``"error"`` fails the query).

Nothing is computed in Python: each function returns the column the JVM builds for the SQL call of the
same name (``cross_entropy(logits, label, 'label_smoothing=0.1')``), so the SQL functions, the Java API
and this module give the same bits. Aggregates reduce with an exact, order-independent sum: the same
data gives the same result for any partitioning. Invalid options raise :class:`LossArgumentError`
where the column is built, with the message the SQL function gives.
"""

from __future__ import annotations

import functools
import inspect
from typing import Any, Callable, Dict, Optional, Sequence, TypeVar

from pyspark.sql import Column

from losseval._jvm import (
    ColumnOrName,
    LossArgumentError,
    calling_jvm,
    is_connect,
    format_options,
    java_class,
    java_column,
    java_columns,
    sql_call,
)

__all__ = ["LossArgumentError", "ColumnOrName", "LOSSES"]

_F = TypeVar("_F", bound=Callable[..., Column])

#: The keyword parameters every aggregate form takes besides the loss's own options.
_COMMON = ("reduction", "sample_weight", "on_null")

#: Every loss of this module by name, in the JVM catalogue's order.
LOSSES: Dict[str, Callable[..., Column]] = {}


class _Signature:
    """What a loss function declares: its argument columns and its options with their defaults."""

    def __init__(self, fn: Callable[..., Column]):
        self.name = fn.__name__
        self.signature = inspect.signature(fn)
        params = list(self.signature.parameters.values())
        self.arguments = [p.name for p in params if p.kind == p.POSITIONAL_OR_KEYWORD]
        self.options = {p.name: p.default for p in params
                        if p.kind == p.KEYWORD_ONLY and p.name not in _COMMON}

    def non_default_options(self, bound: Dict[str, Any]) -> Dict[str, Any]:
        """The options given with a value other than the default (so the column is named like SQL's)."""
        out = {}
        for name, default in self.options.items():
            value = bound[name]
            if value is None and default is None:
                continue
            if _same(value, default):
                continue
            out[name] = value
        return out


def _same(value: Any, default: Any) -> bool:
    if value is None or default is None:
        return value is default
    if isinstance(value, bool) or isinstance(default, bool):
        return type(value) is type(default) and value == default
    if isinstance(default, (int, float)) and isinstance(value, (int, float)):
        return float(value) == float(default)
    return type(value) is type(default) and value == default


def _loss_function(fn: _F) -> _F:
    """Turns a declaration (signature and docstring) into the function that builds the JVM column."""
    sig = _Signature(fn)

    @functools.wraps(fn)
    def build(*args: Any, **kwargs: Any) -> Column:
        columns, options, values = _bind(sig, sig.signature, args, kwargs)
        reduction = values.get("reduction", "mean")
        if reduction == "none":
            if values.get("sample_weight") is not None:
                raise LossArgumentError(
                    f"row_{sig.name}: a sample weight does not apply to a loss per row: expected "
                    f"reduction mean or sum with sample_weight, or no sample_weight")
            return _row(sig.name, columns, options, values.get("on_null", "skip"))
        return _aggregate(sig.name, columns, options, reduction, values.get("sample_weight"),
                          values.get("on_null", "skip"))

    build.__losseval_signature__ = sig  # type: ignore[attr-defined]
    LOSSES[sig.name] = build
    return build  # type: ignore[return-value]


def _options_text(name: str, options: Dict[str, Any], reduction: Optional[str], on_null: str) -> str:
    # in the order the JVM writes options back (reduction, the loss's options, on_null), so that a column
    # built over Spark Connect, where this text is the SQL call's, is named as the classic one
    all_options: Dict[str, Any] = {}
    if reduction is not None and reduction != "mean":
        all_options["reduction"] = reduction
    all_options.update(options)
    if on_null != "skip":
        all_options["on_null"] = on_null
    return format_options(name, all_options)


def _connect_call(function: str, columns: Sequence[ColumnOrName], sample_weight: Optional[ColumnOrName],
                  text: str, *tail: int) -> Column:
    """Over Spark Connect: the SQL call ``function(columns..., [sample_weight], ['text'], tail...)``. The
    server checks the options when it analyses the plan."""
    arguments = list(columns) + ([] if sample_weight is None else [sample_weight])
    literals = ([text] if text else []) + list(tail)
    return sql_call(function, arguments, *literals)


def _parsed(name: str, text: str):
    core = "io.losseval.core."
    return calling_jvm(name, lambda: java_class(core + "LossOptions").parse(
        java_class(core + "LossCatalog").spec(name), text))


def _aggregate(name: str, columns: Sequence[ColumnOrName], options: Dict[str, Any], reduction: str,
               sample_weight: Optional[ColumnOrName], on_null: str) -> Column:
    text = _options_text(name, options, reduction, on_null)
    if is_connect():
        return _connect_call(name, columns, sample_weight, text)
    losses = java_class("io.losseval.spark.Losses")
    return Column(calling_jvm(name, lambda: losses.weightedLoss(
        name, text, java_column(sample_weight), java_columns(columns))))


def _row(name: str, columns: Sequence[ColumnOrName], options: Dict[str, Any], on_null: str) -> Column:
    if is_connect():
        return _connect_call("row_" + name, columns, None, _options_text(name, options, None, on_null))
    parsed = _parsed(name, _options_text(name, options, None, on_null))
    losses = java_class("io.losseval.spark.Losses")
    return Column(calling_jvm("row_" + name, lambda: losses.rowLoss(parsed, java_columns(columns))))


def _stats(name: str, columns: Sequence[ColumnOrName], options: Dict[str, Any], reduction: str,
           sample_weight: Optional[ColumnOrName], on_null: str) -> Column:
    if is_connect():
        return _connect_call(name + "_stats", columns, sample_weight,
                             _options_text(name, options, reduction, on_null))
    parsed = _parsed(name, _options_text(name, options, reduction, on_null))
    losses = java_class("io.losseval.spark.Losses")
    return Column(calling_jvm(name + "_stats", lambda: losses.lossStats(
        parsed, java_column(sample_weight), java_columns(columns))))


def _bootstrap(name: str, columns: Sequence[ColumnOrName], options: Dict[str, Any], reduction: str,
               sample_weight: Optional[ColumnOrName], on_null: str, replicates: int, seed: int,
               key: Optional[ColumnOrName]) -> Column:
    fn = name + "_bootstrap"
    if isinstance(replicates, bool) or not isinstance(replicates, int):
        raise LossArgumentError(f"{fn}: replicates has the wrong form: expected a whole number in "
                                f"[1, 10000], found {replicates!r}")
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise LossArgumentError(f"{fn}: seed has the wrong form: expected a whole number, found {seed!r}")
    if is_connect():
        if key is not None:
            raise LossArgumentError(
                f"{fn}: key is not available over Spark Connect: the SQL function {fn} keys each row by "
                f"a hash of the loss's arguments; expected key=None, or a classic session for a key column")
        return _connect_call(fn, columns, sample_weight, _options_text(name, options, reduction, on_null),
                             replicates, seed)
    parsed = _parsed(name, _options_text(name, options, reduction, on_null))
    bootstrap = calling_jvm(fn, lambda: java_class(
        "io.losseval.core.bootstrap.PoissonBootstrap")(replicates, seed))
    losses = java_class("io.losseval.spark.Losses")
    return Column(calling_jvm(fn, lambda: losses.lossBootstrap(
        parsed, bootstrap, java_column(sample_weight), java_column(key), java_columns(columns))))


# --------------------------------------------------------------------------------- the other forms

def row_form(loss: Callable[..., Column]) -> Callable[..., Column]:
    """``row_<loss>``: one row's loss, as ``<loss>(..., reduction="none")``."""
    sig: _Signature = loss.__losseval_signature__  # type: ignore[attr-defined]
    params = [p for p in sig.signature.parameters.values() if p.name not in ("reduction", "sample_weight")]
    signature = sig.signature.replace(parameters=params)

    def row(*args: Any, **kwargs: Any) -> Column:
        columns, options, values = _bind(sig, signature, args, kwargs)
        return _row(sig.name, columns, options, values["on_null"])

    row.__name__ = row.__qualname__ = "row_" + sig.name
    row.__signature__ = signature  # type: ignore[attr-defined]
    row.__doc__ = (
        f"One row's ``{sig.name}``: PyTorch's ``reduction='none'``, the SQL function ``row_{sig.name}``.\n\n"
        f"A double per row, or an array shaped like PyTorch's per-sample output for losses over arrays "
        f"elementwise. Takes the options of :func:`{sig.name}`; a row with a null argument gives null "
        f"(``on_null=\"error\"`` fails the query instead).\n\n" + _first_paragraph(loss))
    return row


def stats_form(loss: Callable[..., Column]) -> Callable[..., Column]:
    """``<loss>_stats``: the reduced value with the rows used and skipped."""
    sig: _Signature = loss.__losseval_signature__  # type: ignore[attr-defined]
    signature = sig.signature

    def stats(*args: Any, **kwargs: Any) -> Column:
        columns, options, values = _bind(sig, signature, args, kwargs)
        return _stats(sig.name, columns, options, values["reduction"], values["sample_weight"],
                      values["on_null"])

    stats.__name__ = stats.__qualname__ = sig.name + "_stats"
    stats.__signature__ = signature  # type: ignore[attr-defined]
    stats.__doc__ = (
        f"``{sig.name}`` with its row counts: the SQL function ``{sig.name}_stats``, a\n"
        f"``struct<value double, rows bigint, rows_skipped bigint, skipped map<string,bigint>>``: the\n"
        f"value of :func:`{sig.name}`, the rows used, the rows skipped for a null and every skip count by\n"
        f"reason (``null_value``, ``ignored_target``).\n\n" + _first_paragraph(loss))
    return stats


def bootstrap_form(loss: Callable[..., Column]) -> Callable[..., Column]:
    """``<loss>_bootstrap``: the stats with a 95% Poisson-bootstrap interval."""
    sig: _Signature = loss.__losseval_signature__  # type: ignore[attr-defined]
    kw = inspect.Parameter.KEYWORD_ONLY
    signature = sig.signature.replace(parameters=list(sig.signature.parameters.values()) + [
        inspect.Parameter("replicates", kw, default=200, annotation="int"),
        inspect.Parameter("seed", kw, default=0, annotation="int"),
        inspect.Parameter("key", kw, default=None, annotation="Optional[ColumnOrName]"),
    ])

    def bootstrap(*args: Any, **kwargs: Any) -> Column:
        columns, options, values = _bind(sig, signature, args, kwargs)
        return _bootstrap(sig.name, columns, options, values["reduction"], values["sample_weight"],
                          values["on_null"], values["replicates"], values["seed"], values["key"])

    bootstrap.__name__ = bootstrap.__qualname__ = sig.name + "_bootstrap"
    bootstrap.__signature__ = signature  # type: ignore[attr-defined]
    bootstrap.__doc__ = (
        f"``{sig.name}`` with a 95% confidence interval: the SQL function ``{sig.name}_bootstrap``.\n\n"
        f"Returns ``struct<value, rows, rows_skipped, skipped, ci_lower, ci_upper, replicates>``: the\n"
        f"stats of :func:`{sig.name}_stats`, the 95% percentile interval of ``replicates`` Poisson-bootstrap\n"
        f"replicates and their values, computed in the same aggregation. Each row's resampling counts\n"
        f"come from ``seed`` and a hash of ``key`` (the example's id: two models' rows for the same\n"
        f"example are then resampled together, a paired comparison), or of the loss's arguments when\n"
        f"``key`` is None, so the interval has the same bits for any partitioning.\n\n"
        + _first_paragraph(loss))
    return bootstrap


def _bind(sig: _Signature, signature: inspect.Signature, args: Any, kwargs: Any):
    """The call's argument columns, its non-default options, and every parameter's value."""
    bound = signature.bind(*args, **kwargs)
    bound.apply_defaults()
    values = bound.arguments
    return [values[a] for a in sig.arguments], sig.non_default_options(values), values


def _first_paragraph(fn: Callable[..., Any]) -> str:
    return (fn.__doc__ or "").strip().split("\n\n")[0]


# ------------------------------------------------------------------------------------------ losses

@_loss_function
def l1_loss(input: ColumnOrName, target: ColumnOrName, *, reduction: str = "mean",
            sample_weight: Optional[ColumnOrName] = None, on_null: str = "skip") -> Column:
    r"""Mean absolute error: ``torch.nn.functional.l1_loss`` (``torch.nn.L1Loss``).

    Per element :math:`\ell = |x - y|`; ``mean`` averages over every element of every row, ``sum``
    adds them. ``input`` and ``target`` are numbers or arrays of the same shape.
    """


@_loss_function
def mse_loss(input: ColumnOrName, target: ColumnOrName, *, reduction: str = "mean",
             sample_weight: Optional[ColumnOrName] = None, on_null: str = "skip") -> Column:
    r"""Mean squared error: ``torch.nn.functional.mse_loss`` (``torch.nn.MSELoss``).

    Per element :math:`\ell = (x - y)^2`; ``mean`` averages over every element of every row, ``sum``
    adds them. ``input`` and ``target`` are numbers or arrays of the same shape.
    """


@_loss_function
def smooth_l1_loss(input: ColumnOrName, target: ColumnOrName, *, beta: float = 1.0,
                   reduction: str = "mean", sample_weight: Optional[ColumnOrName] = None,
                   on_null: str = "skip") -> Column:
    r"""Smooth L1: ``torch.nn.functional.smooth_l1_loss`` (``torch.nn.SmoothL1Loss``).

    Per element, with :math:`d = |x - y|`: :math:`0.5 d^2 / \beta` if :math:`d < \beta`, else
    :math:`d - 0.5 \beta`; ``beta=0`` is L1.
    """


@_loss_function
def huber_loss(input: ColumnOrName, target: ColumnOrName, *, delta: float = 1.0,
               reduction: str = "mean", sample_weight: Optional[ColumnOrName] = None,
               on_null: str = "skip") -> Column:
    r"""Huber loss: ``torch.nn.functional.huber_loss`` (``torch.nn.HuberLoss``).

    Per element, with :math:`d = |x - y|`: :math:`0.5 d^2` if :math:`d < \delta`, else
    :math:`\delta (d - 0.5 \delta)`; ``delta > 0``.
    """


@_loss_function
def nll_loss(input: ColumnOrName, target: ColumnOrName, *, weight: Optional[Sequence[float]] = None,
             ignore_index: int = -100, reduction: str = "mean",
             sample_weight: Optional[ColumnOrName] = None, on_null: str = "skip") -> Column:
    r"""Negative log-likelihood: ``torch.nn.functional.nll_loss`` (``torch.nn.NLLLoss``).

    Per row with log-probabilities :math:`x` (``[C]``, or ``[C][d1...]``) and class index :math:`y`:
    :math:`\ell = -w_y x_y`; ``mean`` divides the sum by :math:`\sum w_{y}` over targets that are not
    ``ignore_index`` (NaN when all are ignored).
    """


@_loss_function
def cross_entropy(input: ColumnOrName, target: ColumnOrName, *, weight: Optional[Sequence[float]] = None,
                  ignore_index: int = -100, label_smoothing: float = 0.0, reduction: str = "mean",
                  sample_weight: Optional[ColumnOrName] = None, on_null: str = "skip") -> Column:
    r"""Cross-entropy over logits: ``torch.nn.functional.cross_entropy`` (``torch.nn.CrossEntropyLoss``).

    Per row with logits :math:`x` (``[C]``, or ``[C][d1...]``) and class index :math:`y`:
    :math:`\ell = -w_y \log \mathrm{softmax}(x)_y`, with label smoothing :math:`\epsilon`:
    :math:`(1-\epsilon)\ell + \frac{\epsilon}{C} \sum_c -w_c \log \mathrm{softmax}(x)_c`. ``mean``
    divides by :math:`\sum w_y` over targets that are not ``ignore_index``. A floating-point array
    target holds class probabilities: :math:`\ell = -\sum_c w_c y_c \log \mathrm{softmax}(x)_c`.
    """


@_loss_function
def binary_cross_entropy(input: ColumnOrName, target: ColumnOrName, *,
                         weight: Optional[Sequence[float]] = None, reduction: str = "mean",
                         sample_weight: Optional[ColumnOrName] = None, on_null: str = "skip") -> Column:
    r"""Binary cross-entropy over probabilities: ``torch.nn.functional.binary_cross_entropy`` (``BCELoss``).

    Per element :math:`\ell = -w [y \log x + (1 - y) \log(1 - x)]`, each log clamped at -100;
    ``weight`` broadcasts over the last dimension.
    """


@_loss_function
def binary_cross_entropy_with_logits(input: ColumnOrName, target: ColumnOrName, *,
                                     weight: Optional[Sequence[float]] = None,
                                     pos_weight: Optional[Sequence[float]] = None,
                                     reduction: str = "mean",
                                     sample_weight: Optional[ColumnOrName] = None,
                                     on_null: str = "skip") -> Column:
    r"""Binary cross-entropy over logits: ``torch.nn.functional.binary_cross_entropy_with_logits``.

    Per element :math:`\ell = -w [p y \log \sigma(x) + (1 - y) \log(1 - \sigma(x))]` with ``pos_weight``
    :math:`p`, computed in the stable form (``torch.nn.BCEWithLogitsLoss``).
    """


@_loss_function
def hinge_embedding_loss(input: ColumnOrName, target: ColumnOrName, *, margin: float = 1.0,
                         reduction: str = "mean", sample_weight: Optional[ColumnOrName] = None,
                         on_null: str = "skip") -> Column:
    r"""Hinge embedding: ``torch.nn.functional.hinge_embedding_loss`` (``torch.nn.HingeEmbeddingLoss``).

    Per element :math:`\ell = x` where :math:`y = 1`, :math:`\max(0, \Delta - x)` where :math:`y = -1`.
    """


@_loss_function
def margin_ranking_loss(input1: ColumnOrName, input2: ColumnOrName, target: ColumnOrName, *,
                        margin: float = 0.0, reduction: str = "mean",
                        sample_weight: Optional[ColumnOrName] = None, on_null: str = "skip") -> Column:
    r"""Margin ranking: ``torch.nn.functional.margin_ranking_loss`` (``torch.nn.MarginRankingLoss``).

    Per element :math:`\ell = \max(0, -y (x_1 - x_2) + \mathrm{margin})`, :math:`y \in \{1, -1\}`.
    """


@_loss_function
def triplet_margin_loss(anchor: ColumnOrName, positive: ColumnOrName, negative: ColumnOrName, *,
                        margin: float = 1.0, p: float = 2.0, eps: float = 1e-6, swap: bool = False,
                        reduction: str = "mean", sample_weight: Optional[ColumnOrName] = None,
                        on_null: str = "skip") -> Column:
    r"""Triplet margin: ``torch.nn.functional.triplet_margin_loss`` (``torch.nn.TripletMarginLoss``).

    Per row :math:`\ell = \max(d(a, p) - d(a, n) + \mathrm{margin}, 0)` with
    :math:`d(u, v) = \lVert u - v + \epsilon \rVert_p` (``F.pairwise_distance``); ``swap`` uses
    :math:`\min(d(a, n), d(p, n))`.
    """


@_loss_function
def triplet_margin_with_distance_loss(anchor: ColumnOrName, positive: ColumnOrName,
                                      negative: ColumnOrName, *, distance: str = "pairwise",
                                      margin: float = 1.0, swap: bool = False, reduction: str = "mean",
                                      sample_weight: Optional[ColumnOrName] = None,
                                      on_null: str = "skip") -> Column:
    r"""Triplet margin with a distance: ``torch.nn.functional.triplet_margin_with_distance_loss``.

    Per row :math:`\ell = \max(d(a, p) - d(a, n) + \mathrm{margin}, 0)`; ``distance="pairwise"`` is
    ``F.pairwise_distance``, ``"cosine"`` is :math:`1 - \cos(u, v)` (PyTorch takes a callable).
    """


@_loss_function
def cosine_embedding_loss(input1: ColumnOrName, input2: ColumnOrName, target: ColumnOrName, *,
                          margin: float = 0.0, reduction: str = "mean",
                          sample_weight: Optional[ColumnOrName] = None, on_null: str = "skip") -> Column:
    r"""Cosine embedding: ``torch.nn.functional.cosine_embedding_loss`` (``torch.nn.CosineEmbeddingLoss``).

    Per row :math:`\ell = 1 - \cos(x_1, x_2)` where :math:`y = 1`, :math:`\max(0, \cos(x_1, x_2) -
    \mathrm{margin})` where :math:`y = -1`.
    """


@_loss_function
def kl_div(input: ColumnOrName, target: ColumnOrName, *, log_target: bool = False,
           negative_target: str = "nan", reduction: str = "mean",
           sample_weight: Optional[ColumnOrName] = None, on_null: str = "skip") -> Column:
    r"""Kullback-Leibler divergence: ``torch.nn.functional.kl_div`` (``torch.nn.KLDivLoss``).

    Per element with log-probabilities :math:`x`: :math:`\ell = y \log y - y x` (``xlogy``: 0 where
    :math:`y = 0`, NaN where :math:`y < 0`), or :math:`e^y (y - x)` with ``log_target``. ``reduction=
    "batchmean"`` divides the sum by the number of rows (PyTorch's mathematically correct KL).
    ``negative_target="zero"`` gives PyTorch <= 1.11's result, ``"error"`` refuses negative targets.
    """


@_loss_function
def poisson_nll_loss(input: ColumnOrName, target: ColumnOrName, *, log_input: bool = True,
                     full: bool = False, eps: float = 1e-8, reduction: str = "mean",
                     sample_weight: Optional[ColumnOrName] = None, on_null: str = "skip") -> Column:
    r"""Poisson negative log-likelihood: ``torch.nn.functional.poisson_nll_loss`` (``PoissonNLLLoss``).

    Per element :math:`\ell = e^x - y x` with ``log_input``, else :math:`x - y \log(x + \epsilon)`;
    ``full`` adds the Stirling term :math:`y \log y - y + 0.5 \log(2 \pi y)` where :math:`y > 1`.
    """


@_loss_function
def gaussian_nll_loss(input: ColumnOrName, target: ColumnOrName, var: ColumnOrName, *, full: bool = False,
                      eps: float = 1e-6, reduction: str = "mean",
                      sample_weight: Optional[ColumnOrName] = None, on_null: str = "skip") -> Column:
    r"""Gaussian negative log-likelihood: ``torch.nn.functional.gaussian_nll_loss`` (``GaussianNLLLoss``).

    Per element :math:`\ell = 0.5 (\log \max(v, \epsilon) + (x - y)^2 / \max(v, \epsilon))`, plus
    :math:`0.5 \log 2\pi` with ``full``; ``var`` per element or one per row.
    """


@_loss_function
def soft_margin_loss(input: ColumnOrName, target: ColumnOrName, *, reduction: str = "mean",
                     sample_weight: Optional[ColumnOrName] = None, on_null: str = "skip") -> Column:
    r"""Soft margin: ``torch.nn.functional.soft_margin_loss`` (``torch.nn.SoftMarginLoss``).

    Per element :math:`\ell = \log(1 + e^{-y x})`, :math:`y \in \{1, -1\}`.
    """


@_loss_function
def multilabel_soft_margin_loss(input: ColumnOrName, target: ColumnOrName, *,
                                weight: Optional[Sequence[float]] = None, reduction: str = "mean",
                                sample_weight: Optional[ColumnOrName] = None,
                                on_null: str = "skip") -> Column:
    r"""Multi-label soft margin: ``torch.nn.functional.multilabel_soft_margin_loss``.

    Per row over :math:`C` classes: :math:`\ell = -\frac{1}{C} \sum_c w_c [y_c \log \sigma(x_c) +
    (1 - y_c) \log \sigma(-x_c)]` (``torch.nn.MultiLabelSoftMarginLoss``).
    """


@_loss_function
def multi_margin_loss(input: ColumnOrName, target: ColumnOrName, *, p: int = 1, margin: float = 1.0,
                      weight: Optional[Sequence[float]] = None, reduction: str = "mean",
                      sample_weight: Optional[ColumnOrName] = None, on_null: str = "skip") -> Column:
    r"""Multi-class margin: ``torch.nn.functional.multi_margin_loss`` (``torch.nn.MultiMarginLoss``).

    Per row with class index :math:`y`: :math:`\ell = \frac{1}{C} \sum_{i \ne y} w_y \max(0, \mathrm{margin}
    - x_y + x_i)^p`, ``p`` 1 or 2.
    """


@_loss_function
def multilabel_margin_loss(input: ColumnOrName, target: ColumnOrName, *, reduction: str = "mean",
                           sample_weight: Optional[ColumnOrName] = None, on_null: str = "skip") -> Column:
    r"""Multi-label margin: ``torch.nn.functional.multilabel_margin_loss`` (``MultiLabelMarginLoss``).

    Per row, with target class indices :math:`j` (up to the first -1) and the other classes :math:`i`:
    :math:`\ell = \sum_{j} \sum_{i} \max(0, 1 - (x_j - x_i)) / C`.
    """


@_loss_function
def ctc_loss(log_probs: ColumnOrName, targets: ColumnOrName, input_lengths: ColumnOrName,
             target_lengths: ColumnOrName, *, blank: int = 0, zero_infinity: bool = False,
             reduction: str = "mean", sample_weight: Optional[ColumnOrName] = None,
             on_null: str = "skip") -> Column:
    r"""Connectionist temporal classification: ``torch.nn.functional.ctc_loss`` (``torch.nn.CTCLoss``).

    Per row with ``log_probs`` ``[T][C]``: :math:`\ell = -\log \sum_{\pi \in B^{-1}(y)} \prod_t
    p_t(\pi_t)`; ``mean`` divides each row's loss by its target length, then averages over rows.
    ``zero_infinity`` turns an impossible alignment's infinite loss into 0.
    """


# ---------------------------------------------------------------------- row_, _stats and _bootstrap

row_l1_loss = row_form(l1_loss)
row_mse_loss = row_form(mse_loss)
row_smooth_l1_loss = row_form(smooth_l1_loss)
row_huber_loss = row_form(huber_loss)
row_nll_loss = row_form(nll_loss)
row_cross_entropy = row_form(cross_entropy)
row_binary_cross_entropy = row_form(binary_cross_entropy)
row_binary_cross_entropy_with_logits = row_form(binary_cross_entropy_with_logits)
row_hinge_embedding_loss = row_form(hinge_embedding_loss)
row_margin_ranking_loss = row_form(margin_ranking_loss)
row_triplet_margin_loss = row_form(triplet_margin_loss)
row_triplet_margin_with_distance_loss = row_form(triplet_margin_with_distance_loss)
row_cosine_embedding_loss = row_form(cosine_embedding_loss)
row_kl_div = row_form(kl_div)
row_poisson_nll_loss = row_form(poisson_nll_loss)
row_gaussian_nll_loss = row_form(gaussian_nll_loss)
row_soft_margin_loss = row_form(soft_margin_loss)
row_multilabel_soft_margin_loss = row_form(multilabel_soft_margin_loss)
row_multi_margin_loss = row_form(multi_margin_loss)
row_multilabel_margin_loss = row_form(multilabel_margin_loss)
row_ctc_loss = row_form(ctc_loss)

l1_loss_stats = stats_form(l1_loss)
mse_loss_stats = stats_form(mse_loss)
smooth_l1_loss_stats = stats_form(smooth_l1_loss)
huber_loss_stats = stats_form(huber_loss)
nll_loss_stats = stats_form(nll_loss)
cross_entropy_stats = stats_form(cross_entropy)
binary_cross_entropy_stats = stats_form(binary_cross_entropy)
binary_cross_entropy_with_logits_stats = stats_form(binary_cross_entropy_with_logits)
hinge_embedding_loss_stats = stats_form(hinge_embedding_loss)
margin_ranking_loss_stats = stats_form(margin_ranking_loss)
triplet_margin_loss_stats = stats_form(triplet_margin_loss)
triplet_margin_with_distance_loss_stats = stats_form(triplet_margin_with_distance_loss)
cosine_embedding_loss_stats = stats_form(cosine_embedding_loss)
kl_div_stats = stats_form(kl_div)
poisson_nll_loss_stats = stats_form(poisson_nll_loss)
gaussian_nll_loss_stats = stats_form(gaussian_nll_loss)
soft_margin_loss_stats = stats_form(soft_margin_loss)
multilabel_soft_margin_loss_stats = stats_form(multilabel_soft_margin_loss)
multi_margin_loss_stats = stats_form(multi_margin_loss)
multilabel_margin_loss_stats = stats_form(multilabel_margin_loss)
ctc_loss_stats = stats_form(ctc_loss)

l1_loss_bootstrap = bootstrap_form(l1_loss)
mse_loss_bootstrap = bootstrap_form(mse_loss)
smooth_l1_loss_bootstrap = bootstrap_form(smooth_l1_loss)
huber_loss_bootstrap = bootstrap_form(huber_loss)
nll_loss_bootstrap = bootstrap_form(nll_loss)
cross_entropy_bootstrap = bootstrap_form(cross_entropy)
binary_cross_entropy_bootstrap = bootstrap_form(binary_cross_entropy)
binary_cross_entropy_with_logits_bootstrap = bootstrap_form(binary_cross_entropy_with_logits)
hinge_embedding_loss_bootstrap = bootstrap_form(hinge_embedding_loss)
margin_ranking_loss_bootstrap = bootstrap_form(margin_ranking_loss)
triplet_margin_loss_bootstrap = bootstrap_form(triplet_margin_loss)
triplet_margin_with_distance_loss_bootstrap = bootstrap_form(triplet_margin_with_distance_loss)
cosine_embedding_loss_bootstrap = bootstrap_form(cosine_embedding_loss)
kl_div_bootstrap = bootstrap_form(kl_div)
poisson_nll_loss_bootstrap = bootstrap_form(poisson_nll_loss)
gaussian_nll_loss_bootstrap = bootstrap_form(gaussian_nll_loss)
soft_margin_loss_bootstrap = bootstrap_form(soft_margin_loss)
multilabel_soft_margin_loss_bootstrap = bootstrap_form(multilabel_soft_margin_loss)
multi_margin_loss_bootstrap = bootstrap_form(multi_margin_loss)
multilabel_margin_loss_bootstrap = bootstrap_form(multilabel_margin_loss)
ctc_loss_bootstrap = bootstrap_form(ctc_loss)


def loss(name: str, *arguments: ColumnOrName, reduction: str = "mean",
         sample_weight: Optional[ColumnOrName] = None, **options: Any) -> Column:
    """Any loss by its ``torch.nn.functional`` name: ``loss("huber_loss", "p", "t", delta=0.5)``."""
    fn = LOSSES.get(name)
    if fn is None:
        raise LossArgumentError(f"loss: the name is unknown: expected one of {', '.join(LOSSES)}, "
                                f"found {name!r}")
    return fn(*arguments, reduction=reduction, sample_weight=sample_weight, **options)


__all__ += list(LOSSES) + ["loss"] + ["row_" + n for n in LOSSES] + [n + "_stats" for n in LOSSES] \
    + [n + "_bootstrap" for n in LOSSES]
