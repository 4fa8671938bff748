// What went wrong after a failed submit, put into focus. The submit button was disabled while
// the request ran, so the browser had dropped the focus to the page: keyboard and screen-reader
// users now land on the message, and Tab takes them on through the form.
import { useEffect, useRef } from 'react';

export default function ErrorSummary({ message }: { message: string }) {
  const element = useRef<HTMLParagraphElement>(null);
  useEffect(() => element.current?.focus(), [message]);

  return (
    <p role="alert" className="alert" tabIndex={-1} ref={element}>
      {message}
    </p>
  );
}
