import { Toast } from 'antd-mobile';

/** Shows a failed request's message as a toast. The request module calls it for every failure, so pages show no toasts of their own. */
export function showRequestError(error: { message: string }): void {
  Toast.show({ icon: 'fail', content: error.message, duration: 3000 });
}
