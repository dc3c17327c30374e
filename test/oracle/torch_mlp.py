"""PyTorch oracle for uvchaos's mlp kind: trains the same network from the same weights with torch.optim.

Usage: /usr/bin/python3 torch_mlp.py JOB.json > RESULT.json

The job (written by test/oracle/torch-optimizers.test.ts and torch-cross-entropy.test.ts):

  { "X": [[x_11, ..., x_1d], ...],  "Y": [[y_11, ..., y_1o], ...],
    "loss": "mse" (default) or "cross-entropy", which reads "labels": [k_1, ...] (classes 0 ... c-1) and
            "outputs": o (1 for two classes) instead of Y,
    "network": { "layers": [5], "activation": "tanh", "bias": true, "parameterization": "ntk",
                 "sigmaW": 1, "sigmaB": 1, "multiplier": 1 },
    "weights": "/path/to/initial.weights.json",   # uvchaos.mlp-weights/1, its last checkpoint
    "steps": 50,
    "runs": [ { "name": "adam", "eta": 0.01, "optimizer": { "kind": "adam", "beta1": 0.9, ... } }, ... ] }

The network is written out by hand from uvchaos's definition (src/models/mlp/architecture.ts), not
from torch.nn, so the parameterisation is the documented one:

  h_l = c_l W_l a_{l-1} + beta_l b_l,  a_0 = x,  a_l = phi(h_l) (hidden layers),  f = gamma h_{L+1},
  "ntk": c_l = sigmaW / sqrt(w_{l-1}), beta_l = sigmaB;  "standard": c_l = beta_l = 1,
  L(theta) = (1/2n) sum_i ||f(x_i) - y_i||^2, or under cross-entropy torch's own
  binary_cross_entropy_with_logits(f, k) (one output) or cross_entropy(f, k) (c outputs), both mean over n,

with theta flat in uvchaos's layout: layer by layer from the input, W_l row-major, then b_l.

For every run the result holds one value per row t = 0 ... steps, row t describing theta_t (row 0 the
initial weights): loss, f (first output of the first example), grad_norm, sharpness (top eigenvalue
of the full Hessian, by torch.autograd.functional.hessian and torch.linalg.eigvalsh), ntk (top
eigenvalue of the Gauss-Newton matrix J^T J / n, J the Jacobian of all n*o outputs) and, for rmsprop and adam,
preconditioned_sharpness = lambda_max(P^{-1/2} H(theta_t) P^{-1/2}) with P = diag(sqrt(s_hat) + eps)
the preconditioner of the step from theta_t: torch's state right after optimizer.step() has folded
in the gradient at theta_t, so it is read after that step and paired with H(theta_t).
"""

import json
import math
import sys

import torch

torch.set_default_dtype(torch.float64)

ACTIVATIONS = {
    "tanh": torch.tanh,
    "relu": torch.relu,
    "elu": torch.nn.functional.elu,
    "gelu": lambda z: torch.nn.functional.gelu(z, approximate="none"),
    "linear": lambda z: z,
}


def read_weights(path, widths, bias):
    """Theta, flat in uvchaos's layout, from the last checkpoint of a uvchaos.mlp-weights/1 file."""
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    if doc["format"] != "uvchaos.mlp-weights/1" or doc["widths"] != widths or doc["bias"] != bias:
        raise ValueError(f"{path}: not a weights file of widths {widths}, bias {bias}")
    flat = []
    for layer in doc["checkpoints"][-1]["layers"]:
        flat += [w for row in layer["W"] for w in row]
        if bias:
            flat += layer["b"]
    return torch.tensor(flat)


class Network:
    """The forward pass of architecture.ts on a flat theta (sliced into views, so autograd sees one leaf)."""

    def __init__(self, widths, network):
        self.widths = widths
        self.bias = network["bias"]
        self.phi = ACTIVATIONS[network["activation"]]
        self.gamma = network["multiplier"]
        self.cross_entropy = network.get("loss", "mse") == "cross-entropy"
        ntk = network["parameterization"] == "ntk"
        self.layers = []  # (W offset, b offset or None, fan-in, fan-out, c_l, beta_l)
        offset = 0
        for fan_in, fan_out in zip(widths[:-1], widths[1:]):
            w_at = offset
            offset += fan_in * fan_out
            b_at = offset if self.bias else None
            if self.bias:
                offset += fan_out
            c = network["sigmaW"] / math.sqrt(fan_in) if ntk else 1.0
            beta = network["sigmaB"] if ntk else 1.0
            self.layers.append((w_at, b_at, fan_in, fan_out, c, beta))
        self.parameter_count = offset

    def outputs(self, theta, X):
        a = X
        last = len(self.layers) - 1
        for l, (w_at, b_at, fan_in, fan_out, c, beta) in enumerate(self.layers):
            W = theta[w_at : w_at + fan_in * fan_out].reshape(fan_out, fan_in)
            h = c * (a @ W.T)
            if b_at is not None:
                h = h + beta * theta[b_at : b_at + fan_out]
            a = self.phi(h) if l < last else h
        return self.gamma * a

    def loss(self, theta, X, Y):
        if self.cross_entropy:
            f = self.outputs(theta, X)
            if f.shape[1] == 1:
                return torch.nn.functional.binary_cross_entropy_with_logits(f[:, 0], Y.double())
            return torch.nn.functional.cross_entropy(f, Y)
        r = self.outputs(theta, X) - Y
        return (r * r).sum() / (2 * X.shape[0])


def optimizer_for(kind, options, params, eta):
    """torch.optim's optimizer for one of uvchaos's optimizer specs (defaults as the issue's table)."""
    if kind == "gd":
        return torch.optim.SGD(params, lr=eta, momentum=0)
    if kind in ("momentum", "nesterov"):
        return torch.optim.SGD(params, lr=eta, momentum=options.get("beta", 0.9), dampening=0, nesterov=kind == "nesterov")
    if kind == "rmsprop":
        return torch.optim.RMSprop(params, lr=eta, alpha=options.get("rho", 0.99), eps=options.get("epsilon", 1e-8))
    if kind == "adam":
        betas = (options.get("beta1", 0.9), options.get("beta2", 0.999))
        return torch.optim.Adam(params, lr=eta, betas=betas, eps=options.get("epsilon", 1e-8))
    raise ValueError(f"unknown optimizer {kind}")


def preconditioner(kind, options, state):
    """The diagonal of P = sqrt(s_hat) + eps that torch's next step divides by, from its state after the step."""
    if kind == "rmsprop":
        return state["square_avg"].sqrt() + options.get("epsilon", 1e-8)
    if kind == "adam":
        step = float(state["step"])  # a tensor in torch >= 1.12
        s_hat = state["exp_avg_sq"] / (1 - options.get("beta2", 0.999) ** step)
        return s_hat.sqrt() + options.get("epsilon", 1e-8)
    return None


def check_preconditioner(kind, options, eta, state, p, before, gradient, after):
    """Guards the reading of torch's state: the step torch just took must be eta * direction / P."""
    if kind == "rmsprop":
        direction = gradient
    else:
        step = float(state["step"])
        direction = state["exp_avg"] / (1 - options.get("beta1", 0.9) ** step)
    taken = before - after
    predicted = eta * direction / p
    error = ((taken - predicted).abs().max() / predicted.abs().max()).item()
    if not error < 1e-12:
        raise AssertionError(f"{kind}: torch's step is not eta * direction / P (relative error {error})")


def top_eigenvalue(symmetric):
    return torch.linalg.eigvalsh(symmetric)[-1].item()


def run(net, X, Y, theta0, spec, steps):
    kind = spec["optimizer"]["kind"]
    options = spec["optimizer"]
    theta = theta0.clone().requires_grad_(True)
    opt = optimizer_for(kind, options, [theta], spec["eta"])
    loss_of = lambda t: net.loss(t, X, Y)
    outputs_of = lambda t: net.outputs(t, X).reshape(-1)
    rows = {"loss": [], "f": [], "grad_norm": [], "sharpness": [], "ntk": []}
    preconditioned = []
    for _ in range(steps + 1):
        at = theta.detach().clone()
        H = torch.autograd.functional.hessian(loss_of, at)
        J = torch.autograd.functional.jacobian(outputs_of, at)
        opt.zero_grad()
        loss = loss_of(theta)
        loss.backward()
        rows["loss"].append(loss.item())
        rows["f"].append(outputs_of(at)[0].item())
        rows["grad_norm"].append(theta.grad.norm().item())
        rows["sharpness"].append(top_eigenvalue(H))
        rows["ntk"].append(top_eigenvalue(J @ J.T) / X.shape[0])
        # the step from theta_t; the last one only serves the last row's preconditioner
        opt.step()
        state = opt.state[theta]
        p = preconditioner(kind, options, state)
        if p is not None:
            check_preconditioner(kind, options, spec["eta"], state, p, at, theta.grad, theta.detach())
            scale = p.rsqrt()
            preconditioned.append(top_eigenvalue(scale[:, None] * H * scale[None, :]))
    if preconditioned:
        rows["preconditioned_sharpness"] = preconditioned
    return rows


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        job = json.load(f)
    X = torch.tensor(job["X"])
    network = {**job["network"], "loss": job.get("loss", "mse")}
    if network["loss"] == "cross-entropy":
        Y = torch.tensor(job["labels"], dtype=torch.int64)
        outputs = job["outputs"]
    else:
        Y = torch.tensor(job["Y"])
        outputs = Y.shape[1]
    widths = [X.shape[1], *job["network"]["layers"], outputs]
    net = Network(widths, network)
    theta0 = read_weights(job["weights"], widths, net.bias)
    assert theta0.numel() == net.parameter_count
    result = {"torch": torch.__version__, "runs": {}}
    for spec in job["runs"]:
        result["runs"][spec["name"]] = run(net, X, Y, theta0, spec, job["steps"])
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
