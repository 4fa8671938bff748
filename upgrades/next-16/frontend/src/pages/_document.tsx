import { Head, Html, Main, NextScript } from 'next/document';

// The Pages Router sets <html lang> only here; screen readers and translators rely on it.
export default function Document() {
  return (
    <Html lang="en">
      <Head />
      <body>
        <Main />
        <NextScript />
      </body>
    </Html>
  );
}
