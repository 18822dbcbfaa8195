// The totem's app icon (web-app manifest, home screen): a speech bubble with a check mark.
export const KIOSK_ICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512" role="img" aria-label="OIRS">
<rect width="512" height="512" rx="96" fill="#0a4b86"/>
<path d="M112 128h288a32 32 0 0 1 32 32v160a32 32 0 0 1-32 32H224l-80 72v-72h-32a32 32 0 0 1-32-32V160a32 32 0 0 1 32-32z" fill="#fff"/>
<path d="M186 242l48 48 96-96" fill="none" stroke="#0a4b86" stroke-width="36" stroke-linecap="round" stroke-linejoin="round"/>
</svg>`;
