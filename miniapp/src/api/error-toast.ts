import './error-toast.css';

/** How long a message stays; long enough to read two lines of Chinese. */
const visibleMs = 3000;

let visibleToast: { element: HTMLElement; timer: ReturnType<typeof setTimeout> } | null = null;

/**
 * Shows a failed request's message as a toast. The request module calls it for every failure, so
 * pages show no toasts of their own. The toast is drawn here to look like antd-mobile's, because
 * antd-mobile's Toast brings its mask and a spring animation library. Together with SpinLoading
 * they made up 24.5 KiB gzip of the contact's first screen (antd-mobile 5.43, measured with
 * miniapp/scripts/first-screen-size.ts).
 */
export function showRequestError(error: { message: string }): void {
  if (visibleToast !== null) {
    clearTimeout(visibleToast.timer);
    visibleToast.element.remove();
  }
  const element = document.createElement('div');
  element.className = 'jdt-error-toast';
  element.setAttribute('role', 'alert');
  element.textContent = error.message;
  document.body.append(element);
  visibleToast = {
    element,
    timer: setTimeout(() => {
      element.remove();
      if (visibleToast?.element === element) visibleToast = null;
    }, visibleMs),
  };
}
