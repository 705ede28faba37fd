import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { Button, SpinLoading } from 'antd-mobile';
import { StatusBlock } from '../../common/StatusBlock.tsx';
import { signInWithDingTalk, type AuthOptions, type Me } from '../../api/index.ts';

interface DingTalkLoginProps {
  options: AuthOptions;
  requestAuthCode: (corpId: string, clientId: string) => Promise<string>;
  /** Signs in right away, as a page opened from DingTalk should; false after an explicit logout. */
  automatic: boolean;
  onSignedIn: (me: Me) => void;
}

type Step = { kind: 'idle' } | { kind: 'signingIn' } | { kind: 'failed'; message: string };

/** Signs in without a password: DingTalk issues a one-time code for the person, and the server exchanges it. */
export function DingTalkLogin({ options, requestAuthCode, automatic, onSignedIn }: DingTalkLoginProps): ReactNode {
  const [step, setStep] = useState<Step>(automatic ? { kind: 'signingIn' } : { kind: 'idle' });
  const started = useRef(false);

  const signIn = useCallback(async () => {
    setStep({ kind: 'signingIn' });
    let code: string;
    try {
      code = await requestAuthCode(options.corpId, options.clientId);
    } catch (error) {
      setStep({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
      return;
    }

    try {
      onSignedIn(await signInWithDingTalk(code));
    } catch (error) {
      // The request module has shown the server's message already.
      setStep({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  }, [options, requestAuthCode, onSignedIn]);

  useEffect(() => {
    // An auth code is single-use, so React's development double effect must not ask twice.
    if (!automatic || started.current) return;
    started.current = true;
    void signIn();
  }, [automatic, signIn]);

  if (step.kind === 'signingIn') {
    return (
      <div className="jdt-login__progress" role="status">
        <SpinLoading color="primary" />
        <p>正在通过钉钉登录…</p>
      </div>
    );
  }

  return (
    <div className="jdt-login__panel">
      {step.kind === 'failed' && <StatusBlock tone="error" title="登录失败" description={step.message} />}
      <Button block color="primary" size="large" onClick={() => void signIn()}>
        使用钉钉账号登录
      </Button>
    </div>
  );
}
