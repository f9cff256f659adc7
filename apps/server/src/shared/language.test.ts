import { describe, expect, it } from 'vitest';
import { detectLanguage } from './language.js';

describe('detectLanguage', () => {
  it('recognises French support messages, with or without accents', () => {
    expect(detectLanguage("Bonjour, je n'ai pas reçu ma commande")).toBe('fr');
    expect(detectLanguage('Je voudrais un remboursement pour la facture')).toBe('fr');
  });
  it('recognises English support messages', () => {
    expect(detectLanguage('Hello, I have not received my order')).toBe('en');
    expect(detectLanguage('Please refund the invoice')).toBe('en');
  });
  it('does not guess from nothing', () => {
    expect(detectLanguage('12345 ???')).toBeUndefined();
  });
});
