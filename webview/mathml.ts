/**
 * Builds MathML elements from the math core's formula strings (GRADIENT_FORMULAS) without
 * innerHTML: the string is parsed as XML and rebuilt element by element from an allow-list of
 * MathML tags and attributes, text through textContent. Anything else is dropped.
 */
const MATHML_NS = 'http://www.w3.org/1998/Math/MathML';
const TAGS = new Set(['math', 'mrow', 'mi', 'mo', 'mn', 'mtext', 'msub', 'msup', 'msubsup', 'mfrac', 'mover', 'munder', 'munderover', 'mspace', 'msqrt', 'mstyle']);
const ATTRS = new Set(['display', 'mathvariant', 'accent', 'width', 'stretchy']);

export function mathmlElement(source: string): Element | undefined {
  const doc = new DOMParser().parseFromString(source, 'application/xml');
  if (doc.getElementsByTagName('parsererror').length > 0) return undefined;
  return rebuild(doc.documentElement);
}

function rebuild(node: Element): Element | undefined {
  if (node.namespaceURI !== MATHML_NS || !TAGS.has(node.localName)) return undefined;
  const out = document.createElementNS(MATHML_NS, node.localName);
  for (const a of Array.from(node.attributes)) {
    if (ATTRS.has(a.name) && /^[a-z0-9.\- ]*$/i.test(a.value)) out.setAttribute(a.name, a.value);
  }
  for (const child of Array.from(node.childNodes)) {
    if (child.nodeType === Node.TEXT_NODE) out.appendChild(document.createTextNode(child.textContent ?? ''));
    else if (child.nodeType === Node.ELEMENT_NODE) {
      const c = rebuild(child as Element);
      if (c) out.appendChild(c);
    }
  }
  return out;
}
