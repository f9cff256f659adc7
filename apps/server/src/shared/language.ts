/**
 * Tells English from French for short support messages: French function words and accented letters
 * against English ones. Returns undefined when the text gives too little to go on.
 */
const frenchWords = new Set(['le', 'la', 'les', 'des', 'une', 'est', 'pas', 'je', 'vous', 'nous', 'mon', 'ma', 'mes', 'bonjour', 'merci', 'avec', 'pour', 'dans', 'sur', 'que', 'qui', 'ne', 'au', 'aux', 'du', 'et', 'ou', 'mais', 'ce', 'cette', 'svp', 'ai', 'suis', 'commande', 'remboursement', 'facture']);
const englishWords = new Set(['the', 'a', 'an', 'is', 'are', 'not', 'i', 'you', 'we', 'my', 'with', 'for', 'in', 'on', 'that', 'which', 'and', 'or', 'but', 'this', 'please', 'hello', 'hi', 'thanks', 'thank', 'order', 'refund', 'invoice', 'have', 'was', 'can', 'it']);

export function detectLanguage(text: string): 'en' | 'fr' | undefined {
  const words = text.toLowerCase().match(/[\p{L}']+/gu) ?? [];
  let french = (text.match(/[éèêàùçôîœ]/gi) ?? []).length * 0.5;
  let english = 0;
  for (const word of words) {
    const bare = word.replace(/^(l|d|j|qu|n|c|s|m|t)'/, '');
    if (frenchWords.has(word) || frenchWords.has(bare) || word !== bare) french += 1;
    if (englishWords.has(word)) english += 1;
  }
  if (french + english < 1) return undefined;
  return french > english ? 'fr' : 'en';
}
