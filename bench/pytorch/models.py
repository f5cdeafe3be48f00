"""PyTorch twins of the benchmark networks of `./bootstrap bench` (bootstrap-bench ModelBenchmark).

Each builder returns the same network as the Java workload of the same name: same layers, same shapes,
same parameter count (both benchmarks print it). Inputs are NCHW here (PyTorch's default) and NHWC in
Java; that changes the order of the flattened features, not the network.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


def mlp(in_features=3072, hidden=(512, 512), classes=10):
    layers, width = [nn.Flatten()], in_features
    for h in hidden:
        layers += [nn.Linear(width, h), nn.ReLU(inplace=True)]
        width = h
    layers.append(nn.Linear(width, classes))
    return nn.Sequential(*layers)


def cnn(in_shape=(3, 32, 32), channels=(32, 64), dense=128, classes=10):
    c, h, w = in_shape
    layers = []
    for out in channels:
        layers += [nn.Conv2d(c, out, 3, padding=1), nn.ReLU(inplace=True)]
        if h >= 2 and w >= 2:
            layers.append(nn.MaxPool2d(2, 2))
            h, w = h // 2, w // 2
        c = out
    layers.append(nn.Flatten())
    width = c * h * w
    if dense > 0:
        layers += [nn.Linear(width, dense), nn.ReLU(inplace=True)]
        width = dense
    layers.append(nn.Linear(width, classes))
    return nn.Sequential(*layers)


class Residual(nn.Module):
    """The small `preact-resnet` block: BN-ReLU-conv3x3-BN-ReLU-conv3x3 + shortcut(x) (shortcut from x)."""

    def __init__(self, cin, cout, stride, project):
        super().__init__()
        self.branch = nn.Sequential(
            nn.BatchNorm2d(cin), nn.ReLU(inplace=True), nn.Conv2d(cin, cout, 3, stride, 1, bias=False),
            nn.BatchNorm2d(cout), nn.ReLU(inplace=True), nn.Conv2d(cout, cout, 3, 1, 1, bias=False))
        self.shortcut = nn.Conv2d(cin, cout, 1, stride, bias=False) if project else None

    def forward(self, x):
        s = x if self.shortcut is None else self.shortcut(x)
        return self.branch(x) + s


def preact_resnet_small(widths=(32, 64), blocks=2, classes=10):
    """Workload `resnet`: stem conv, `blocks` residual blocks per stage, BN-ReLU, global average pool, dense."""
    layers = [nn.Conv2d(3, widths[0], 3, 1, 1, bias=False)]
    c = widths[0]
    for stage, w in enumerate(widths):
        for b in range(blocks):
            first = stage > 0 and b == 0
            layers.append(Residual(c, w, 2 if first else 1, first))
            c = w
    layers += [nn.BatchNorm2d(c), nn.ReLU(inplace=True), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(c, classes)]
    return nn.Sequential(*layers)


class PreActBlock(nn.Module):
    """Pre-activation basic block of the Deep Bootstrap reference code (projection shortcut from relu(bn1(x)))."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.bn1 = nn.BatchNorm2d(cin)
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.shortcut = nn.Conv2d(cin, cout, 1, stride, bias=False) if stride != 1 or cin != cout else None

    def forward(self, x):
        a = F.relu(self.bn1(x))
        s = x if self.shortcut is None else self.shortcut(a)
        h = self.conv1(a)
        h = self.conv2(F.relu(self.bn2(h)))
        return h + s


def resnet(width, blocks=(2, 2, 2, 2), classes=10):
    """Workloads `resnet18-16`, `resnet18-64` (and `resnet-small` with blocks (1, 1, 1, 1))."""
    layers = [nn.Conv2d(3, width, 3, 1, 1, bias=False)]
    c = width
    for stage, n in enumerate(blocks):
        w = width << stage
        for b in range(n):
            layers.append(PreActBlock(c, w, 2 if stage > 0 and b == 0 else 1))
            c = w
    layers += [nn.BatchNorm2d(c), nn.ReLU(inplace=True), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(c, classes)]
    return nn.Sequential(*layers)


def vgg(multiplier=0.25, classes=10, in_shape=(3, 32, 32)):
    """Workload `vgg11-quarter`: VGG-11 with batch norm, channels scaled, flatten, dense output."""
    cfg = [64, 'M', 128, 'M', 256, 256, 'M', 512, 512, 'M', 512, 512, 'M']
    c, h, w = in_shape
    layers = []
    for v in cfg:
        if v == 'M':
            if h >= 2 and w >= 2:
                layers.append(nn.MaxPool2d(2, 2))
                h, w = h // 2, w // 2
        else:
            out = max(1, round(v * multiplier))
            layers += [nn.Conv2d(c, out, 3, padding=1), nn.BatchNorm2d(out), nn.ReLU(inplace=True)]
            c = out
    layers += [nn.Flatten(), nn.Linear(c * h * w, classes)]
    return nn.Sequential(*layers)


class Attention(nn.Module):
    """Multi-head self-attention as in timm's ViT: one qkv projection, scaled dot product, output projection."""

    def __init__(self, dim, heads):
        super().__init__()
        self.heads = heads
        self.scale = (dim // heads) ** -0.5
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x):
        n, t, d = x.shape
        qkv = self.qkv(x).reshape(n, t, 3, self.heads, d // self.heads).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        attn = (q @ k.transpose(-2, -1)) * self.scale
        attn = attn.softmax(dim=-1)
        x = (attn @ v).transpose(1, 2).reshape(n, t, d)
        return self.proj(x)


class Block(nn.Module):
    """Pre-LN transformer block with a tanh-GELU MLP (the toolkit's TransformerBlock)."""

    def __init__(self, dim, heads, mlp_dim):
        super().__init__()
        self.ln1 = nn.LayerNorm(dim)
        self.attn = Attention(dim, heads)
        self.ln2 = nn.LayerNorm(dim)
        self.fc1 = nn.Linear(dim, mlp_dim)
        self.fc2 = nn.Linear(mlp_dim, dim)

    def forward(self, x):
        x = x + self.attn(self.ln1(x))
        return x + self.fc2(F.gelu(self.fc1(self.ln2(x)), approximate='tanh'))


class Vit(nn.Module):
    """Workloads `vit-small` (patch 4) and `vit-small-p8`: patch embedding + position embedding, blocks,
    final layer norm, mean over tokens, dense output (no class token, no dropout)."""

    def __init__(self, patch, dim=64, depth=2, heads=4, mlp_dim=128, classes=10, in_shape=(3, 32, 32)):
        super().__init__()
        c, h, w = in_shape
        self.embed = nn.Conv2d(c, dim, patch, patch)
        self.position = nn.Parameter(0.02 * torch.randn(1, (h // patch) * (w // patch), dim))
        self.blocks = nn.Sequential(*[Block(dim, heads, mlp_dim) for _ in range(depth)])
        self.norm = nn.LayerNorm(dim)
        self.head = nn.Linear(dim, classes)

    def forward(self, x):
        x = self.embed(x).flatten(2).transpose(1, 2) + self.position
        x = self.norm(self.blocks(x))
        return self.head(x.mean(dim=1))


WORKLOADS = {
    'mlp': lambda: mlp(),
    'cnn': lambda: cnn(),
    'resnet': lambda: preact_resnet_small(),
    'resnet-small': lambda: resnet(32, (1, 1, 1, 1)),
    'resnet18-16': lambda: resnet(16),
    'resnet18-64': lambda: resnet(64),
    'vgg11-quarter': lambda: vgg(0.25),
    'vit-small': lambda: Vit(4),
    'vit-small-p8': lambda: Vit(8),
}


def parameter_count(model):
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def forward_flops(model, x):
    """Floating-point operations (2 per multiply-add) of one forward pass of the convolutions, linear layers and
    attention matrix products, for the batch x. Element-wise ops (activations, norms, pooling) are not counted."""
    total = [0]
    hooks = []

    def conv_hook(m, inp, out):
        k = m.kernel_size[0] * m.kernel_size[1] * (m.in_channels // m.groups)
        total[0] += 2 * out.numel() * k

    def linear_hook(m, inp, out):
        total[0] += 2 * out.numel() * m.in_features

    def attention_hook(m, inp, out):
        n, t, d = inp[0].shape
        total[0] += 2 * 2 * n * t * t * d  # q k^T and attn v over all heads

    for m in model.modules():
        if isinstance(m, nn.Conv2d):
            hooks.append(m.register_forward_hook(conv_hook))
        elif isinstance(m, nn.Linear):
            hooks.append(m.register_forward_hook(linear_hook))
        elif isinstance(m, Attention):
            hooks.append(m.register_forward_hook(attention_hook))
    with torch.no_grad():
        model(x)
    for h in hooks:
        h.remove()
    return total[0]
