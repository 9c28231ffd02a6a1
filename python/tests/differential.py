"""Seeded random cases for every loss, with PyTorch's answer: the generator of the differential tests.

A *case set* is one loss with one choice of options and reduction (and maybe integer sample weights);
it holds ``DRAWS`` cases, each an independent random batch of its own size and shapes, edge values
included. PyTorch computes each case in float64 (``torch.nn.functional``); losseval computes the same
batches through PySpark, one query per case set (``GROUP BY case``). Everything follows from
``(seed, set index)``, so any case set can be replayed alone.

Sample weights have no PyTorch counterpart; they are checked by what they mean: a row of integer
weight ``k`` counts as the row repeated ``k`` times, so PyTorch gets the repeated batch (a row whose
loss is not finite never gets weight 0: 0 x NaN is NaN, where a dropped row is gone).
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional

import numpy as np
import torch
import torch.nn.functional as TF

DRAWS = 5

LOSS_NAMES = [
    "l1_loss", "mse_loss", "smooth_l1_loss", "huber_loss", "nll_loss", "cross_entropy",
    "binary_cross_entropy", "binary_cross_entropy_with_logits", "hinge_embedding_loss",
    "margin_ranking_loss", "triplet_margin_loss", "triplet_margin_with_distance_loss",
    "cosine_embedding_loss", "kl_div", "poisson_nll_loss", "gaussian_nll_loss", "soft_margin_loss",
    "multilabel_soft_margin_loss", "multi_margin_loss", "multilabel_margin_loss", "ctc_loss",
]


@dataclass
class Draw:
    """One case: the batch as batch-first arrays, one per argument, and PyTorch's answer."""
    arguments: List[np.ndarray]
    sample_weight: Optional[np.ndarray]
    expected: Any = None


@dataclass
class CaseSet:
    index: int
    seed: int
    loss: str
    options: Dict[str, Any]
    reduction: str
    integer_kinds: List[bool]  # per argument: whole numbers (a bigint column) or floating point
    draws: List[Draw] = field(default_factory=list)

    def describe(self, draw: int) -> str:
        d = self.draws[draw]
        return json.dumps({
            "set": self.index, "draw": draw, "seed": self.seed, "loss": self.loss,
            "options": self.options, "reduction": self.reduction,
            "arguments": [a.tolist() for a in d.arguments],
            "sample_weight": None if d.sample_weight is None else d.sample_weight.tolist(),
            "expected": d.expected,
        }, default=str)


def set_seed(base_seed: int, index: int) -> int:
    digest = hashlib.sha256(f"{base_seed}:{index}".encode()).digest()
    return int.from_bytes(digest[:8], "little") & 0x7FFF_FFFF_FFFF_FFFF


# ------------------------------------------------------------------------------------ data helpers

def _values(rng: np.random.Generator, shape, edge: bool) -> np.ndarray:
    scale = rng.choice([0.1, 1.0, 10.0])
    x = rng.normal(0.0, scale, size=shape)
    if edge and x.size:
        flat = x.reshape(-1)
        k = rng.integers(1, max(2, flat.size // 3) + 1)
        idx = rng.choice(flat.size, size=min(k, flat.size), replace=False)
        flat[idx] = rng.choice([0.0, 1e6, -1e6, 1e-300, float("nan")], size=idx.size)
    return x


def _shape_kind(rng: np.random.Generator, allow_scalar=True, allow_nested=True) -> str:
    kinds = (["scalar"] if allow_scalar else []) + ["array"] + (["nested"] if allow_nested else [])
    return str(rng.choice(kinds))


def _shape(rng: np.random.Generator, n: int, kind: str):
    """A batch of ``n`` rows of one kind (the column type is fixed per case set, the sizes are not)."""
    if kind == "scalar":
        return (n,)
    if kind == "array":
        return (n, int(rng.integers(1, 7)))
    return (n, int(rng.integers(1, 4)), int(rng.integers(1, 4)))


def _pm1(rng, shape):
    return rng.choice([-1.0, 1.0], size=shape)


def _log_softmax(x: np.ndarray, axis: int) -> np.ndarray:
    return TF.log_softmax(torch.from_numpy(x), dim=axis).numpy()


def _t(a: np.ndarray) -> torch.Tensor:
    return torch.from_numpy(np.ascontiguousarray(a))


def _torch_kwargs(options: Dict[str, Any]) -> Dict[str, Any]:
    """The options as PyTorch's keyword arguments: lists (weight, pos_weight) as float64 tensors."""
    return {k: (_t(np.array(v)) if isinstance(v, list) else v) for k, v in options.items()}


def _weights(rng, length):
    return [float(v) for v in np.round(rng.uniform(0.1, 3.0, size=length), 6)]


# ---------------------------------------------------------------------------- the losses' generators
# Each returns (options, reductions allowed, integer kinds, draw(rng) -> arguments, torch(args, red)).

Generator = Callable[[np.random.Generator], tuple]


def _elementwise(name: str, fn, options_of, inputs, integer=None):
    """A loss over elements of equal shapes: any shape per row (number, array, nested array)."""

    def gen(rng):
        options = options_of(rng)
        edge = rng.random() < 0.25
        weighted = "weight" in options or "pos_weight" in options
        kind = "array" if weighted else _shape_kind(rng)
        last = [None]

        def draw(r):
            n = int(r.integers(1, 9))
            shape = (n,) + last[0] if last[0] is not None else _shape(r, n, kind)
            return inputs(r, shape, edge)

        if "weight" in options or "pos_weight" in options:
            d = int(rng.integers(1, 6))
            last[0] = (d,)
            for key in ("weight", "pos_weight"):
                if key in options:
                    options[key] = _weights(rng, d)

        def torch_fn(args, reduction):
            return fn(*[_t(a) for a in args], reduction=reduction, **_torch_kwargs(options))

        return options, ["none", "mean", "sum"], integer or [False] * 2, draw, torch_fn
    return gen


def _plain_inputs(r, shape, edge):
    return [_values(r, shape, edge), _values(r, shape, edge)]


def _pm1_inputs(r, shape, edge):
    return [_values(r, shape, edge), _pm1(r, shape)]


def _bce_inputs(r, shape, edge):
    x = 1.0 / (1.0 + np.exp(-r.normal(0, 2, size=shape)))
    if edge and x.size:
        x.reshape(-1)[r.integers(0, x.size)] = r.choice([0.0, 1.0])
    y = r.choice([0.0, 1.0, r.uniform()], size=shape)
    return [x, y]


def _bce_logits_inputs(r, shape, edge):
    return [_values(r, shape, edge), r.choice([0.0, 1.0, 0.3], size=shape)]


def _poisson_inputs(log_input):
    def inputs(r, shape, edge):
        x = r.normal(0, 1, size=shape) if log_input else np.abs(r.normal(1, 1, size=shape))
        if edge and x.size and not log_input:
            x.reshape(-1)[0] = 0.0
        y = r.choice([0.0, 1.0, 2.0, 5.0, 0.5, 7.25], size=shape)
        return [x, y]
    return inputs


def _kl_inputs(log_target):
    def inputs(r, shape, edge):
        x = _log_softmax(r.normal(0, 1, size=shape), -1) if len(shape) > 1 else -np.abs(r.normal(0, 1, size=shape))
        y = np.abs(r.normal(0, 1, size=shape))
        if len(shape) > 1:
            y = y / y.sum(axis=-1, keepdims=True)
        if edge:
            y.reshape(-1)[0] = 0.0
        if log_target:
            y = np.log(np.maximum(y, 1e-12))
        return [x, y]
    return inputs


def _gaussian():
    def gen(rng):
        options = {"full": bool(rng.random() < 0.5), "eps": float(rng.choice([1e-6, 1e-3, 0.1]))}
        per_row = rng.random() < 0.4
        edge = rng.random() < 0.3

        def draw(r):
            n = int(r.integers(1, 9))
            d = int(r.integers(1, 6))
            x, y = r.normal(0, 2, size=(n, d)), r.normal(0, 2, size=(n, d))
            var = r.uniform(0.01, 3.0, size=(n,) if per_row else (n, d))
            if edge:
                var.reshape(-1)[0] = 1e-9
            return [x, y, var]

        def torch_fn(args, reduction):
            x, y, var = [_t(a) for a in args]
            return TF.gaussian_nll_loss(x, y, var, full=options["full"], eps=options["eps"],
                                        reduction=reduction)
        return options, ["none", "mean", "sum"], [False] * 3, draw, torch_fn
    return gen


def _pair_with_sign(fn, margins, arrays: bool):
    """margin_ranking_loss (numbers or arrays) and cosine_embedding_loss (arrays, one sign per row):
    two inputs, a target of +-1 and a margin."""

    def gen(rng):
        options = {"margin": float(rng.choice(margins(rng)))}
        edge = not arrays and rng.random() < 0.25
        kind = _shape_kind(rng, allow_nested=False)
        d = int(rng.integers(1, 7))

        def draw(r):
            n = int(r.integers(1, 9))
            if arrays:
                return [r.normal(0, 1, size=(n, d)), r.normal(0, 1, size=(n, d)), _pm1(r, (n,))]
            shape = _shape(r, n, kind)
            return [_values(r, shape, edge), _values(r, shape, edge), _pm1(r, shape)]

        def torch_fn(args, reduction):
            return fn(*[_t(a) for a in args], margin=options["margin"], reduction=reduction)
        return options, ["none", "mean", "sum"], [False] * 3, draw, torch_fn
    return gen


def _class_scores(name):
    """nll_loss and cross_entropy: [C] or [C][d1] per row, class indices (or probabilities)."""

    def gen(rng):
        c = int(rng.integers(2, 7))
        spatial = rng.random() < 0.3
        d1 = int(rng.integers(1, 4))
        probabilities = name == "cross_entropy" and not spatial and rng.random() < 0.3
        options: Dict[str, Any] = {}
        if rng.random() < 0.5:
            options["weight"] = _weights(rng, c)
        if not probabilities and rng.random() < 0.5:
            options["ignore_index"] = int(rng.choice([-100, int(rng.integers(0, c))]))
        if name == "cross_entropy" and rng.random() < 0.5:
            options["label_smoothing"] = float(rng.choice([0.1, rng.uniform(0, 1)]))
        scale = float(rng.choice([1.0, 5.0, 50.0]))

        def draw(r):
            n = int(r.integers(1, 9))
            shape = (n, c, d1) if spatial else (n, c)
            x = r.normal(0, scale, size=shape)
            if name == "nll_loss":
                x = _log_softmax(x, 1)
            if probabilities:
                y = np.abs(r.normal(0, 1, size=(n, c)))
                if r.random() < 0.7:
                    y = y / y.sum(axis=1, keepdims=True)  # else: PyTorch accepts any values
            else:
                y = r.integers(0, c, size=(n, d1) if spatial else (n,))
                if "ignore_index" in options and options["ignore_index"] == -100 and r.random() < 0.5:
                    y.reshape(-1)[0] = -100
            return [x, y]

        def torch_fn(args, reduction):
            x, y = [_t(a) for a in args]
            fn = TF.nll_loss if name == "nll_loss" else TF.cross_entropy
            return fn(x, y, reduction=reduction, **_torch_kwargs(options))
        return options, ["none", "mean", "sum"], [False, not probabilities], draw, torch_fn
    return gen


def _triplet(with_distance: bool):
    def gen(rng):
        if with_distance:
            options = {"distance": str(rng.choice(["pairwise", "cosine"])),
                       "margin": float(rng.choice([1.0, rng.uniform(0.1, 2)])),
                       "swap": bool(rng.random() < 0.5)}
        else:
            options = {"margin": float(rng.choice([1.0, 0.0, rng.uniform(0, 2)])),
                       "p": float(rng.choice([1.0, 2.0, 3.0, 1.5])),
                       "eps": float(rng.choice([1e-6, 0.0, 1e-3])),
                       "swap": bool(rng.random() < 0.5)}
        d = int(rng.integers(1, 9))

        def draw(r):
            n = int(r.integers(1, 9))
            return [r.normal(0, 1, size=(n, d)) for _ in range(3)]

        def torch_fn(args, reduction):
            a, p, n = [_t(x) for x in args]
            if not with_distance:
                return TF.triplet_margin_loss(a, p, n, reduction=reduction, **options)
            distance = None if options["distance"] == "pairwise" else \
                (lambda u, v: 1.0 - TF.cosine_similarity(u, v))
            return TF.triplet_margin_with_distance_loss(
                a, p, n, distance_function=distance, margin=options["margin"], swap=options["swap"],
                reduction=reduction)
        return options, ["none", "mean", "sum"], [False] * 3, draw, torch_fn
    return gen


def _per_class(name):
    """multilabel_soft_margin_loss, multi_margin_loss, multilabel_margin_loss: [C] per row."""

    def gen(rng):
        c = int(rng.integers(2, 7))
        options: Dict[str, Any] = {}
        if name == "multi_margin_loss":
            options["p"] = int(rng.choice([1, 2]))
            options["margin"] = float(rng.choice([1.0, rng.uniform(0, 2)]))
        if name != "multilabel_margin_loss" and rng.random() < 0.5:
            options["weight"] = _weights(rng, c)

        def draw(r):
            n = int(r.integers(1, 9))
            x = r.normal(0, 2, size=(n, c))
            if name == "multilabel_soft_margin_loss":
                y = r.choice([0.0, 1.0], size=(n, c))
            elif name == "multi_margin_loss":
                y = r.integers(0, c, size=(n,))
            else:
                y = np.full((n, c), -1, dtype=np.int64)
                for i in range(n):
                    k = int(r.integers(0, c + 1))
                    y[i, :k] = r.choice(c, size=k, replace=False)
            return [x, y]

        def torch_fn(args, reduction):
            x, y = [_t(a) for a in args]
            return getattr(TF, name)(x, y, reduction=reduction, **_torch_kwargs(options))
        return options, ["none", "mean", "sum"], [False, name != "multilabel_soft_margin_loss"], draw, torch_fn
    return gen


def _ctc():
    def gen(rng):
        c = int(rng.integers(2, 6))
        options = {"blank": int(rng.integers(0, c)), "zero_infinity": bool(rng.random() < 0.5)}
        t_max, s_max = int(rng.integers(1, 9)), int(rng.integers(1, 5))

        def draw(r):
            n = int(r.integers(1, 7))
            log_probs = _log_softmax(r.normal(0, 2, size=(n, t_max, c)), 2)
            labels = [k for k in range(c) if k != options["blank"]]
            targets = r.choice(labels, size=(n, s_max))
            input_lengths = r.integers(1, t_max + 1, size=(n,))
            target_lengths = r.integers(0, s_max + 1, size=(n,))  # longer than the input: impossible
            return [log_probs, targets, input_lengths, target_lengths]

        def torch_fn(args, reduction):
            lp, tg, il, tl = [_t(a) for a in args]
            return TF.ctc_loss(lp.transpose(0, 1), tg, il, tl, reduction=reduction, **options)
        return options, ["none", "mean", "sum"], [False, True, True, True], draw, torch_fn
    return gen


GENERATORS: Dict[str, Generator] = {
    "l1_loss": _elementwise("l1_loss", TF.l1_loss, lambda r: {}, _plain_inputs),
    "mse_loss": _elementwise("mse_loss", TF.mse_loss, lambda r: {}, _plain_inputs),
    "smooth_l1_loss": _elementwise("smooth_l1_loss", TF.smooth_l1_loss,
                                   lambda r: {"beta": float(r.choice([1.0, 0.0, r.uniform(0.01, 3)]))},
                                   _plain_inputs),
    "huber_loss": _elementwise("huber_loss", TF.huber_loss,
                               lambda r: {"delta": float(r.choice([1.0, r.uniform(0.01, 3)]))}, _plain_inputs),
    "nll_loss": _class_scores("nll_loss"),
    "cross_entropy": _class_scores("cross_entropy"),
    "binary_cross_entropy": _elementwise(
        "binary_cross_entropy", TF.binary_cross_entropy,
        lambda r: {"weight": None} if r.random() < 0.4 else {}, _bce_inputs),
    "binary_cross_entropy_with_logits": _elementwise(
        "binary_cross_entropy_with_logits", TF.binary_cross_entropy_with_logits,
        lambda r: {k: None for k in ("weight", "pos_weight") if r.random() < 0.4}, _bce_logits_inputs),
    "hinge_embedding_loss": _elementwise(
        "hinge_embedding_loss", TF.hinge_embedding_loss,
        lambda r: {"margin": float(r.choice([1.0, r.uniform(-1, 3)]))}, _pm1_inputs),
    "margin_ranking_loss": _pair_with_sign(TF.margin_ranking_loss, lambda r: [0.0, 0.5, r.uniform(-1, 2)], False),
    "triplet_margin_loss": _triplet(False),
    "triplet_margin_with_distance_loss": _triplet(True),
    "cosine_embedding_loss": _pair_with_sign(TF.cosine_embedding_loss, lambda r: [0.0, 0.5, r.uniform(-1, 1)], True),
    "kl_div": None,  # below: the options decide the inputs
    "poisson_nll_loss": None,
    "gaussian_nll_loss": _gaussian(),
    "soft_margin_loss": _elementwise("soft_margin_loss", TF.soft_margin_loss, lambda r: {}, _pm1_inputs),
    "multilabel_soft_margin_loss": _per_class("multilabel_soft_margin_loss"),
    "multi_margin_loss": _per_class("multi_margin_loss"),
    "multilabel_margin_loss": _per_class("multilabel_margin_loss"),
    "ctc_loss": _ctc(),
}


def _kl_div(rng):
    log_target = bool(rng.random() < 0.4)
    gen = _elementwise("kl_div", TF.kl_div, lambda r: {"log_target": log_target}, _kl_inputs(log_target))
    options, _, kinds, draw, torch_fn = gen(rng)
    return options, ["none", "mean", "sum", "batchmean"], kinds, draw, torch_fn


def _poisson(rng):
    log_input = bool(rng.random() < 0.6)
    gen = _elementwise("poisson_nll_loss", TF.poisson_nll_loss,
                       lambda r: {"log_input": log_input, "full": bool(r.random() < 0.5),
                                  "eps": float(r.choice([1e-8, 1e-3]))}, _poisson_inputs(log_input))
    return gen(rng)


GENERATORS["kl_div"] = _kl_div
GENERATORS["poisson_nll_loss"] = _poisson


# ------------------------------------------------------------------------------------------ case sets

def _expected(torch_fn, arguments, reduction) -> Any:
    with torch.no_grad():
        out = torch_fn(arguments, reduction)
    return out.tolist()


def case_set(base_seed: int, index: int) -> CaseSet:
    """Case set ``index``: loss ``index mod 21``, its options, reduction and ``DRAWS`` batches."""
    seed = set_seed(base_seed, index)
    rng = np.random.default_rng(seed)
    loss = LOSS_NAMES[index % len(LOSS_NAMES)]
    options, reductions, kinds, draw, torch_fn = GENERATORS[loss](rng)
    reduction = str(rng.choice(reductions))
    weighted = reduction != "none" and rng.random() < 0.25
    cs = CaseSet(index, seed, loss, options, reduction, list(kinds))
    for _ in range(DRAWS):
        arguments = draw(rng)
        arguments = [a.astype(np.int64) if k else a.astype(np.float64) for a, k in zip(arguments, kinds)]
        weights = None
        repeated = arguments
        if weighted:
            weights = rng.integers(0, 4, size=arguments[0].shape[0])
            weights[rng.integers(0, weights.size)] = max(1, int(weights.max()))
            # weight 0 multiplies: a NaN or infinite loss times 0 is NaN, as (loss * w).sum() is in
            # PyTorch, while dropping the row is not; rows whose loss is not finite (NaN inputs, an
            # impossible CTC alignment) get weight 1 (README: sample weights)
            per_row = _expected(torch_fn, arguments, "none")
            for i in range(weights.size):
                if weights[i] == 0 and not np.isfinite(np.asarray(per_row[i], dtype=float)).all():
                    weights[i] = 1
            repeated = [np.repeat(a, weights, axis=0) for a in arguments]
        cs.draws.append(Draw(arguments, weights, _expected(torch_fn, repeated, reduction)))
    return cs


def close(expected: Any, actual: Any, rel: float = 1e-9, abs_floor: float = 1e-15) -> bool:
    if isinstance(expected, list):
        return isinstance(actual, list) and len(actual) == len(expected) and all(
            close(e, a, rel, abs_floor) for e, a in zip(expected, actual))
    if actual is None:
        return False
    if math.isnan(expected) or math.isnan(actual):
        return math.isnan(expected) and math.isnan(actual)
    if math.isinf(expected) or math.isinf(actual):
        return expected == actual
    return abs(expected - actual) <= max(rel * abs(expected), abs_floor)
