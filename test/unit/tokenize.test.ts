import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tokenizeLine, wordAt } from '../../extension/core/text/tokenize';

test('lower-cases and drops punctuation', () => {
  assert.deepEqual(tokenizeLine('Hello, World! (This) is -- a "test"...'), ['hello', 'world', 'this', 'is', 'a', 'test']);
  assert.deepEqual(tokenizeLine('  \t '), []);
  assert.deepEqual(tokenizeLine('?!.,;:'), []);
});

test('apostrophes inside words stay, outside go; the typographic apostrophe is folded', () => {
  assert.deepEqual(tokenizeLine("Don't 'quote' rock'n'roll l’homme"), ["don't", 'quote', "rock'n'roll", "l'homme"]);
});

test('digits are words; separators inside numbers split them', () => {
  assert.deepEqual(tokenizeLine('In 1984, pi=3.14 and x2'), ['in', '1984', 'pi', '3', '14', 'and', 'x2']);
});

test('words of any script, with combining marks', () => {
  assert.deepEqual(tokenizeLine('Привет, МИР! Ελληνικά café naïve'), ['привет', 'мир', 'ελληνικά', 'café', 'naïve']);
  // Devanagari vowel signs are combining marks: the word must not break at them.
  assert.deepEqual(tokenizeLine('नमस्ते दुनिया'), ['नमस्ते', 'दुनिया']);
  assert.deepEqual(tokenizeLine('مرحبا بالعالم'), ['مرحبا', 'بالعالم']);
  assert.deepEqual(tokenizeLine('한국어 문장입니다.'), ['한국어', '문장입니다']);
});

test('CJK runs are split into words, mixed with other scripts', () => {
  const zh = tokenizeLine('我喜欢自然语言处理。');
  assert.ok(zh.length >= 3, `expected several words, got ${JSON.stringify(zh)}`);
  assert.equal(zh.join(''), '我喜欢自然语言处理');
  const mixed = tokenizeLine('Tokyo 東京は日本の首都です, OK?');
  assert.equal(mixed[0], 'tokyo');
  assert.equal(mixed[mixed.length - 1], 'ok');
  assert.equal(mixed.slice(1, -1).join(''), '東京は日本の首都です');
  assert.ok(mixed.length >= 5, JSON.stringify(mixed));
  assert.ok(mixed.includes('東京'), JSON.stringify(mixed));
});

test('a very long line tokenizes whole', () => {
  const words = Array.from({ length: 200000 }, (_, i) => `w${i % 997}`);
  const line = words.join(' ');
  const tokens = tokenizeLine(line);
  assert.equal(tokens.length, 200000);
  assert.equal(tokens[123456], words[123456]);
});

test('a trailing carriage return is not part of a word', () => {
  assert.deepEqual(tokenizeLine('end of line\r'), ['end', 'of', 'line']);
});

test('wordAt finds the same word tokenizeLine gives, with offsets in the line', () => {
  const line = 'The Quick, brown fox’s den';
  assert.deepEqual(wordAt(line, 4), { word: 'quick', start: 4, end: 9 });
  assert.deepEqual(wordAt(line, 6), { word: 'quick', start: 4, end: 9 });
  assert.deepEqual(wordAt(line, 9), { word: 'quick', start: 4, end: 9 }, 'cursor just after the word');
  assert.equal(wordAt(line, 10), undefined, 'the space after the comma');
  assert.deepEqual(wordAt(line, 18), { word: "fox's", start: 17, end: 22 });
  assert.equal(wordAt(line, -1), undefined);
  assert.equal(wordAt(line, 1000), undefined);
  for (let i = 0; i < line.length; i++) {
    const w = wordAt(line, i);
    if (w) assert.ok(tokenizeLine(line).includes(w.word), `${w.word} at ${i}`);
  }
  const cjk = '他在東京工作';
  const hit = wordAt(cjk, 3);
  assert.ok(hit && hit.start <= 3 && hit.end > 3 && tokenizeLine(cjk).includes(hit.word), JSON.stringify(hit));
});
