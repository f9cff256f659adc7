/** The widget's look, inside its shadow root so the host page's styles neither leak in nor out. */
export function widgetStyles(accent: string): string {
  const ink = readableTextOn(accent);
  return `
:host { all: initial; }
/* The hidden attribute wins over the display rules below (the launcher's badge, the emoji palette, notices). */
[hidden] { display: none !important; }
* { box-sizing: border-box; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
.launcher { position: fixed; right: 20px; bottom: 20px; width: 56px; height: 56px; border-radius: 50%; border: none; cursor: pointer;
  background: ${accent}; color: ${ink}; box-shadow: 0 4px 14px rgba(0,0,0,.25); z-index: 2147483000; display: grid; place-items: center; }
.launcher svg { width: 28px; height: 28px; fill: currentColor; }
.launcher:focus-visible, button:focus-visible, textarea:focus-visible, input:focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
.badge { position: absolute; top: -2px; right: -2px; min-width: 20px; height: 20px; border-radius: 10px; background: #b91c1c; color: #fff;
  font-size: 12px; font-weight: 700; display: grid; place-items: center; padding: 0 5px; }
.panel { position: fixed; right: 20px; bottom: 88px; width: 370px; height: min(600px, calc(100vh - 110px)); background: #fff; color: #111827;
  border-radius: 14px; box-shadow: 0 10px 40px rgba(0,0,0,.25); display: flex; flex-direction: column; overflow: hidden; z-index: 2147483001; font-size: 14px; }
.panel[hidden] { display: none; }
@media (max-width: 480px) { .panel { right: 0; bottom: 0; width: 100vw; height: 100vh; border-radius: 0; } }
header { background: ${accent}; color: ${ink}; padding: 12px 14px; display: flex; align-items: center; gap: 10px; }
header img { width: 32px; height: 32px; border-radius: 6px; object-fit: cover; background: #fff; }
header .titles { flex: 1; min-width: 0; }
header h2 { margin: 0; font-size: 16px; font-weight: 600; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
header p { margin: 2px 0 0; font-size: 12px; opacity: .9; }
header button { background: transparent; color: ${ink}; border: 1px solid currentColor; border-radius: 6px; padding: 4px 8px; cursor: pointer; font-size: 12px; }
.body { flex: 1; display: flex; flex-direction: column; min-height: 0; }
.scroll { flex: 1; overflow-y: auto; padding: 14px; }
form.card { display: flex; flex-direction: column; gap: 10px; padding: 14px; overflow-y: auto; }
label { display: flex; flex-direction: column; gap: 4px; font-weight: 600; font-size: 13px; }
label span.hint { font-weight: 400; color: #4b5563; }
input, textarea { font: inherit; font-weight: 400; padding: 8px 10px; border: 1px solid #9ca3af; border-radius: 8px; color: #111827; background: #fff; }
textarea { resize: none; }
.primary { background: ${accent}; color: ${ink}; border: none; border-radius: 8px; padding: 10px 14px; font: inherit; font-weight: 600; cursor: pointer; }
.primary:disabled { opacity: .6; cursor: default; }
.error { color: #b91c1c; font-size: 13px; margin: 0; }
.notice { background: #f3f4f6; border-radius: 8px; padding: 10px; margin: 0; color: #1f2937; }
.log { display: flex; flex-direction: column; gap: 8px; margin: 0; padding: 0; list-style: none; }
.message { max-width: 80%; padding: 8px 11px; border-radius: 12px; line-height: 1.4; white-space: pre-wrap; overflow-wrap: anywhere; }
.message.visitor { align-self: flex-end; background: ${accent}; color: ${ink}; border-bottom-right-radius: 4px; }
.message.agent { align-self: flex-start; background: #f3f4f6; color: #111827; border-bottom-left-radius: 4px; }
.message.pending { opacity: .7; }
.author { display: block; font-size: 11px; font-weight: 600; color: #374151; margin-bottom: 2px; }
.meta { align-self: flex-end; font-size: 11px; color: #4b5563; margin-top: -4px; }
.file { display: block; margin-top: 6px; color: inherit; text-decoration: underline; overflow-wrap: anywhere; }
.file.image img { display: block; max-width: 100%; max-height: 180px; border-radius: 8px; }
.file-notice { padding: 0 14px; }
.file-notice:empty { display: none; }
.rating-set { border: none; margin: 0; padding: 0; }
.rating-set legend { font-weight: 600; margin-bottom: 6px; padding: 0; }
.rating { display: flex; flex-direction: column; gap: 4px; }
.rating-choice { flex-direction: row; align-items: center; gap: 8px; font-weight: 400; }
.ending { display: flex; flex-direction: column; gap: 10px; padding: 14px; border-top: 1px solid #e5e7eb; flex-shrink: 0; max-height: 60%; overflow-y: auto; }
.link { background: none; border: none; color: #1e40af; text-decoration: underline; cursor: pointer; font: inherit; padding: 4px 0; align-self: flex-start; }
.call-me { padding: 0 10px 8px; display: flex; flex-wrap: wrap; gap: 4px 16px; }
.typing { min-height: 18px; padding: 0 14px 4px; font-size: 12px; color: #4b5563; font-style: italic; }
.composer { display: flex; gap: 6px; padding: 10px; border-top: 1px solid #e5e7eb; align-items: flex-end; position: relative; }
.composer textarea { flex: 1; max-height: 120px; }
.icon { background: none; border: 1px solid #d1d5db; border-radius: 8px; width: 38px; height: 38px; cursor: pointer; font-size: 18px; color: #374151; }
.emoji-palette { position: absolute; bottom: 56px; left: 10px; background: #fff; border: 1px solid #d1d5db; border-radius: 10px; padding: 6px;
  display: grid; grid-template-columns: repeat(6, 34px); gap: 2px; box-shadow: 0 4px 14px rgba(0,0,0,.15); }
.emoji-palette button { border: none; background: none; font-size: 20px; cursor: pointer; border-radius: 6px; height: 34px; }
.emoji-palette button:hover { background: #f3f4f6; }
.status { text-align: center; font-size: 12px; color: #92400e; background: #fef3c7; padding: 4px; }
`;
}

/** White or near-black, whichever reads better on the workspace's colour (WCAG relative luminance). */
export function readableTextOn(hex: string): string {
  const channel = (offset: number) => {
    const value = parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  return (1.05) / (luminance + 0.05) >= (luminance + 0.05) / 0.05 ? '#ffffff' : '#111827';
}
