"""The small expression language of consistency rules.

Grammar (documented in docs/plan-export.md)::

    expr    := or
    or      := and ("or" and)*
    and     := cmp ("and" cmp)*
    cmp     := sum (("==" | "!=" | "<=" | ">=" | "<" | ">") sum)?
    sum     := term (("+" | "-") term)*
    term    := unary (("*" | "/") unary)*
    unary   := "-" unary | atom
    atom    := NUMBER | CODE | "(" expr ")"

CODE is an indicator code (letters, digits, underscore, starting with a letter).
An expression is evaluated against a mapping of codes to numbers; when a code it
uses has no value the result is ``None`` (the rule is not applicable).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Mapping, Union

_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+(?:\.\d+)?)|(?P<name>[A-Za-z][A-Za-z0-9_]*)|(?P<op>==|!=|<=|>=|[<>+\-*/()]))"
)
_COMPARISONS = {"==": "=", "!=": "<>", "<=": "<=", ">=": ">=", "<": "<", ">": ">"}
#: Tolerance of equality comparisons, so that 0.1 + 0.2 == 0.3 holds.
EPSILON = 1e-9


class ExprError(ValueError):
    """An expression that does not follow the grammar."""


@dataclass(frozen=True)
class Num:
    value: float


@dataclass(frozen=True)
class Ref:
    code: str


@dataclass(frozen=True)
class Neg:
    operand: "Node"


@dataclass(frozen=True)
class BinOp:
    op: str
    left: "Node"
    right: "Node"


Node = Union[Num, Ref, Neg, BinOp]


def tokenize(text: str) -> list[str]:
    tokens: list[str] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if not match or match.end() == pos:
            raise ExprError(f"Ký tự không hợp lệ ở vị trí {pos + 1}: {text[pos:pos + 10]!r}")
        tokens.append(match.group(match.lastgroup))
        pos = match.end()
    return tokens


class _Parser:
    def __init__(self, text: str):
        self.text = text
        self.tokens = tokenize(text)
        self.pos = 0

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> str:
        token = self.peek()
        if token is None:
            raise ExprError(f"Biểu thức kết thúc đột ngột: {self.text!r}")
        self.pos += 1
        return token

    def parse(self) -> Node:
        node = self.or_()
        if self.peek() is not None:
            raise ExprError(f"Thừa '{self.peek()}' trong biểu thức {self.text!r}")
        return node

    def or_(self) -> Node:
        node = self.and_()
        while self.peek() == "or":
            self.take()
            node = BinOp("or", node, self.and_())
        return node

    def and_(self) -> Node:
        node = self.cmp()
        while self.peek() == "and":
            self.take()
            node = BinOp("and", node, self.cmp())
        return node

    def cmp(self) -> Node:
        node = self.sum()
        if self.peek() in _COMPARISONS:
            op = self.take()
            node = BinOp(op, node, self.sum())
        return node

    def sum(self) -> Node:
        node = self.term()
        while self.peek() in ("+", "-"):
            op = self.take()
            node = BinOp(op, node, self.term())
        return node

    def term(self) -> Node:
        node = self.unary()
        while self.peek() in ("*", "/"):
            op = self.take()
            node = BinOp(op, node, self.unary())
        return node

    def unary(self) -> Node:
        if self.peek() == "-":
            self.take()
            return Neg(self.unary())
        return self.atom()

    def atom(self) -> Node:
        token = self.take()
        if token == "(":
            node = self.or_()
            if self.take() != ")":
                raise ExprError(f"Thiếu dấu ')' trong biểu thức {self.text!r}")
            return node
        if token[0].isdigit():
            return Num(float(token))
        if token[0].isalpha() and token not in ("and", "or"):
            return Ref(token)
        raise ExprError(f"Không mong đợi '{token}' trong biểu thức {self.text!r}")


def parse(text: str) -> Node:
    """Parse an expression; raise ExprError with a Vietnamese message."""
    return _Parser(text).parse()


def references(node: Node) -> list[str]:
    """Indicator codes used by an expression, in order of first use."""
    found: list[str] = []

    def walk(n: Node) -> None:
        if isinstance(n, Ref):
            if n.code not in found:
                found.append(n.code)
        elif isinstance(n, Neg):
            walk(n.operand)
        elif isinstance(n, BinOp):
            walk(n.left)
            walk(n.right)

    walk(node)
    return found


def evaluate(node: Node, values: Mapping[str, float | None]) -> float | bool | None:
    """Value of an expression, or None when a referenced value is missing."""
    if isinstance(node, Num):
        return node.value
    if isinstance(node, Ref):
        return values.get(node.code)
    if isinstance(node, Neg):
        inner = evaluate(node.operand, values)
        return None if inner is None else -inner
    left = evaluate(node.left, values)
    right = evaluate(node.right, values)
    if left is None or right is None:
        return None
    op = node.op
    if op == "and":
        return bool(left) and bool(right)
    if op == "or":
        return bool(left) or bool(right)
    if op == "+":
        return left + right
    if op == "-":
        return left - right
    if op == "*":
        return left * right
    if op == "/":
        return None if right == 0 else left / right
    if op == "==":
        return abs(left - right) <= EPSILON
    if op == "!=":
        return abs(left - right) > EPSILON
    if op == "<=":
        return left <= right + EPSILON
    if op == ">=":
        return left >= right - EPSILON
    if op == "<":
        return left < right - EPSILON
    return left > right + EPSILON


def to_excel(node: Node, ref: Callable[[str], str]) -> str:
    """Render an expression as an Excel formula body (without the leading '=')."""
    if isinstance(node, Num):
        return format(node.value, "g")
    if isinstance(node, Ref):
        return ref(node.code)
    if isinstance(node, Neg):
        return f"-({to_excel(node.operand, ref)})"
    left = to_excel(node.left, ref)
    right = to_excel(node.right, ref)
    if node.op in ("and", "or"):
        return f"{node.op.upper()}({left},{right})"
    if node.op in _COMPARISONS:
        return f"({left}){_COMPARISONS[node.op]}({right})"
    return f"({left}{node.op}{right})"
