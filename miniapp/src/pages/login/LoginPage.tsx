import { useState, type ReactNode } from 'react';
import { NoticeBar } from 'antd-mobile';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { getAuthOptions, type AuthOptions, type Me, type RequestOptions } from '../../api/index.ts';
import { homePathFor, useAuth } from '../../auth/AuthContext.tsx';
import { requestedPath } from '../../auth/return-path.ts';
import { Loaded } from '../../common/Loaded.tsx';
import { usePageTitle } from '../../common/usePageTitle.ts';
import { useLoad } from '../../common/useLoad.ts';
import { DemoContactPicker } from './DemoContactPicker.tsx';
import { DingTalkLogin } from './DingTalkLogin.tsx';
import { NotInDingTalk } from './NotInDingTalk.tsx';
import './LoginPage.css';

interface LoginSetup {
  options: AuthOptions;
  /** The DingTalk JSAPI wrapper, loaded here so that no other page downloads it. */
  dingtalk: typeof import('./dingtalk.ts');
}

async function loadSetup(options: RequestOptions): Promise<LoginSetup> {
  const [authOptions, dingtalk] = await Promise.all([getAuthOptions(options), import('./dingtalk.ts')]);
  return { options: authOptions, dingtalk };
}

const reasonNotices: Record<string, string> = {
  expired: '登录已过期，请重新登录',
  signedOut: '您已退出登录',
};

/**
 * Signs the person in: inside DingTalk with the login-free auth code, in a plain browser with the
 * demo roster when the server runs in demo mode, otherwise not at all.
 */
export default function LoginPage(): ReactNode {
  usePageTitle('登录进度通');
  const { auth, signedIn } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const setup = useLoad(loadSetup, 'login');
  const [done, setDone] = useState(false);

  const reason = new URLSearchParams(location.search).get('reason') ?? '';
  const notice = reasonNotices[reason];

  const finish = (me: Me): void => {
    setDone(true);
    signedIn(me);
    navigate(requestedPath(location.search) ?? homePathFor(me), { replace: true });
  };

  // A person who is still signed in has nothing to do here.
  if (auth.status === 'signedIn' && !done) return <Navigate to={homePathFor(auth.me)} replace />;

  return (
    <main className="jdt-login">
      <header className="jdt-login__brand">
        <h1>进度通</h1>
        <p>政府投资信息化项目计划下达与进度报送</p>
      </header>
      {notice !== undefined && <NoticeBar content={notice} color="info" />}
      <Loaded load={setup}>
        {({ options, dingtalk }) => {
          if (dingtalk.isInDingTalk()) {
            return (
              <DingTalkLogin
                options={options}
                requestAuthCode={dingtalk.requestDingTalkAuthCode}
                automatic={reason !== 'signedOut'}
                onSignedIn={finish}
              />
            );
          }
          if (options.demo) return <DemoContactPicker onSignedIn={finish} />;
          return <NotInDingTalk />;
        }}
      </Loaded>
    </main>
  );
}
